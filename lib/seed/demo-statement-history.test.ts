import { describe, expect, it } from 'vitest';
import { judgeRegressions } from '../workload/statements/regression-rules';
import {
  DEMO_SLOWER,
  DEMO_STATEMENTS,
  demoQueryId,
  generateDemoStatementHistory,
  type DemoMinuteRow,
} from './demo-statement-history';

const HOUR_MS = 3_600_000;
const now = new Date('2026-12-05T10:37:20Z');
const history = generateDemoStatementHistory({ now, days: 3 });

function sums(rows: readonly DemoMinuteRow[]) {
  const byStatement = new Map<string, { calls: number; totalMs: number }>();
  for (const row of rows) {
    const sum = byStatement.get(row.queryId) ?? { calls: 0, totalMs: 0 };
    byStatement.set(row.queryId, { calls: sum.calls + row.calls, totalMs: sum.totalMs + row.totalMs });
  }
  return byStatement;
}

describe('generateDemoStatementHistory', () => {
  it('has one interval a minute for the whole span, ending at the minute of now', () => {
    expect(history.intervals).toHaveLength(3 * 24 * 60);
    expect(history.intervals.at(-1)?.toISOString()).toBe('2026-12-05T10:37:00.000Z');
    expect(history.intervals[0].toISOString()).toBe('2026-12-02T10:38:00.000Z');
    const steps = new Set(history.intervals.slice(1).map((at, i) => at.getTime() - history.intervals[i].getTime()));
    expect([...steps]).toEqual([60_000]);
    expect(history.minutes.every((row) => row.calls > 0 && row.totalMs > 0)).toBe(true);
  });

  it('gives every statement a distinct, stable signed 64-bit queryid and its text', () => {
    const ids = history.texts.map((t) => t.queryId);
    expect(new Set(ids).size).toBe(DEMO_STATEMENTS.length);
    expect(ids.every((id) => BigInt(id) >= -(2n ** 63n) && BigInt(id) < 2n ** 63n)).toBe(true);
    expect(ids.some((id) => id.startsWith('-'))).toBe(true);
    expect(ids.some((id) => !id.startsWith('-'))).toBe(true);
    expect(demoQueryId(DEMO_STATEMENTS[3].query)).toBe(ids[3]);
    expect(new Set(history.minutes.map((row) => row.queryId))).toEqual(new Set(ids));
  });

  it('is reproducible', () => {
    expect(generateDemoStatementHistory({ now, days: 3 })).toEqual(history);
    expect(generateDemoStatementHistory({ now, days: 3, seed: 2 }).minutes[0].totalMs).not.toBe(
      history.minutes[0].totalMs,
    );
  });

  it('rolls up exactly the complete hours, as rollUpHours would, and sets the watermark after them', () => {
    // 10:37:20 less the two-minute grace: 10:00 is the last complete hour's end.
    expect(history.rolledThrough.toISOString()).toBe('2026-12-05T10:00:00.000Z');
    const rolled = history.minutes.filter((row) => row.sampledAt.getTime() <= history.rolledThrough.getTime());
    const hourCalls = history.hours.reduce((sum, row) => sum + row.calls, 0);
    expect(hourCalls).toBe(rolled.reduce((sum, row) => sum + row.calls, 0));
    expect(history.hours.every((row) => row.hour.getTime() + HOUR_MS <= history.rolledThrough.getTime())).toBe(true);
    // An interval ending at 08:00 belongs to the hour from 07:00.
    const at8 = history.minutes.find((row) => row.sampledAt.toISOString() === '2026-12-05T08:00:00.000Z')!;
    const hour7 = history.hours.find(
      (row) => row.queryId === at8.queryId && row.hour.toISOString() === '2026-12-05T07:00:00.000Z',
    )!;
    const minutes7 = history.minutes.filter(
      (row) =>
        row.queryId === at8.queryId &&
        row.sampledAt > new Date('2026-12-05T07:00:00Z') &&
        row.sampledAt <= new Date('2026-12-05T08:00:00Z'),
    );
    expect(hour7.calls).toBe(minutes7.reduce((sum, row) => sum + row.calls, 0));
  });

  it('follows a daily rhythm: the afternoon is busier than the night', () => {
    const callsAt = (hour: number) =>
      history.minutes.filter((row) => row.sampledAt.getUTCHours() === hour).reduce((sum, row) => sum + row.calls, 0);
    expect(callsAt(15)).toBeGreaterThan(3 * callsAt(3));
  });

  it('has one statement that the regression rule finds slower in the last hour', () => {
    const recentFrom = now.getTime() - HOUR_MS;
    const recent = sums(history.minutes.filter((row) => row.sampledAt.getTime() > recentFrom));
    const baseline = sums(history.minutes.filter((row) => row.sampledAt.getTime() <= recentFrom));
    const found = judgeRegressions(baseline, recent, 2 * 86_400);
    expect(found.filter((r) => r.kind === 'slower').map((r) => r.queryId)).toEqual([
      demoQueryId(DEMO_STATEMENTS[DEMO_SLOWER.query].query),
    ]);
  });
});
