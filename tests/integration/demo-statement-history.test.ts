/**
 * The embedded demo's generated statement history (lib/seed/seed-demo-statement-history.ts), written to a real
 * console store: every minute of the days asked for has its interval, the Queries page's window ranking and chart
 * answer from it with the generated texts, the collector's rollups continue from its watermark, the slowed
 * statement is found by the regression check, and a second seeding writes nothing.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { inject } from 'vitest';
import { DEMO_SLOWER, DEMO_STATEMENTS, demoQueryId } from '@/lib/seed/demo-statement-history';
import { readDemoIdentity, seedDemoStatementHistory } from '@/lib/seed/seed-demo-statement-history';
import { loadTimeSeries, rankStatementsInWindow } from '@/lib/workload/statements/history';
import { refreshRegressions } from '@/lib/workload/statements/regressions';
import { rollUpHours } from '@/lib/workload/statements/store';
import { sqlValue } from '../support/sql';

const TARGET = 'demo-history-test';
const DAYS = 3;
const HOUR_MS = 3_600_000;

describe('demo statement history', () => {
  it('writes the days asked for, which the window ranking answers with, once', async () => {
    const now = new Date();
    const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
    const identity = await readDemoIdentity(pool).finally(() => pool.end());
    const config = { connectionString: inject('databaseUrl') };

    const first = await seedDemoStatementHistory(config, TARGET, identity, { now, days: DAYS });
    expect(first).toMatchObject({ seeded: true, intervals: DAYS * 24 * 60 });
    expect(first.seconds).toBeLessThan(15);
    const count = (table: string) =>
      sqlValue<number>(`SELECT count(*)::int FROM console.${table} WHERE target = $1`, [TARGET]);
    expect(await count('statement_interval')).toBe(DAYS * 24 * 60);
    const span = await sqlValue<number>(
      `SELECT extract(epoch FROM max(sampled_at) - min(sampled_at))::int FROM console.statement_minute WHERE target = $1`,
      [TARGET],
    );
    expect(span).toBe(DAYS * 86_400 - 60);
    const minuteRows = await count('statement_minute');
    expect(minuteRows + (await count('statement_hour'))).toBe(first.rows);
    expect(await count('statement_text')).toBe(DEMO_STATEMENTS.length);

    // The Queries page's 24-hour window: ranked from the hour rollups and the minutes at its edges.
    const window = { from: new Date(now.getTime() - 24 * HOUR_MS), to: now, range: null };
    const ranking = await rankStatementsInWindow(TARGET, window, 'total');
    expect(ranking.rows.length).toBeGreaterThan(30);
    expect(ranking.rows.every((row) => row.query !== null && row.users === identity.userName)).toBe(true);
    const expected = await sqlValue<number>(
      `SELECT sum(total_ms)::float8 FROM console.statement_minute
       WHERE target = $1 AND sampled_at > $2 AND sampled_at <= $3`,
      [TARGET, window.from, window.to],
    );
    expect(ranking.totals.totalMs).toBeCloseTo(expected, 3);
    const chart = await loadTimeSeries(
      TARGET,
      window,
      ranking.rows.slice(0, 4).map((row) => row.queryId),
      true,
    );
    // Hourly buckets (25 when the window does not start on the hour), each with time outside the top four.
    expect(chart.buckets.length).toBeGreaterThanOrEqual(24);
    expect(chart.series.other.filter((value) => (value ?? 0) > 0).length).toBeGreaterThanOrEqual(24);
    // One interval a minute, back to back: nothing in the window is marked as not collected.
    expect(chart.coverage).toMatchObject({ gaps: [], evictions: [] });

    // The collector continues from the watermark: nothing before it is rolled up again.
    expect(await rollUpHours(TARGET, now)).toBe(0);
    const slower = await refreshRegressions(TARGET, now);
    expect(slower.filter((r) => r.kind === 'slower').map((r) => r.queryId)).toEqual([
      demoQueryId(DEMO_STATEMENTS[DEMO_SLOWER.query].query),
    ]);

    const second = await seedDemoStatementHistory(config, TARGET, identity, { now: new Date(), days: DAYS });
    expect(second.seeded).toBe(false);
    expect(await count('statement_minute')).toBe(minuteRows);
  });
});
