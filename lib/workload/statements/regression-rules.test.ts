import { describe, expect, it } from 'vitest';
import { judgeRegressions } from './regression-rules';

const sums = (entries: Record<string, [calls: number, totalMs: number]>) =>
  new Map(Object.entries(entries).map(([id, [calls, totalMs]]) => [id, { calls, totalMs }]));

const WEEK = 7 * 86_400;

describe('judgeRegressions', () => {
  it('finds a statement at least twice its baseline mean, given enough calls on both sides', () => {
    const baseline = sums({ a: [1000, 1000], b: [1000, 1000], c: [10, 10], d: [1000, 50_000] });
    const recent = sums({ a: [100, 200], b: [100, 190], c: [100, 500], d: [100, 5_000] });
    expect(judgeRegressions(baseline, recent, WEEK).map((r) => [r.queryId, r.kind])).toEqual([['a', 'slower']]);
    expect(judgeRegressions(baseline, recent, WEEK)[0]).toMatchObject({
      recentMeanMs: 2,
      baselineMeanMs: 1,
      recentCalls: 100,
    });
  });

  it('reports a new statement only when it took a large share of the hour', () => {
    const baseline = sums({ a: [1000, 1000] });
    const recent = sums({ a: [100, 100], heavy: [5, 50], light: [5, 1] });
    expect(judgeRegressions(baseline, recent, WEEK).map((r) => [r.queryId, r.kind])).toEqual([['heavy', 'new']]);
  });

  it('reports a heavy statement that vanished, but not when the hour had no workload at all', () => {
    const baseline = sums({ a: [1000, 1000], gone: [1000, 500], minor: [10, 1] });
    expect(judgeRegressions(baseline, sums({ a: [100, 100] }), WEEK).map((r) => [r.queryId, r.kind])).toEqual([
      ['gone', 'vanished'],
    ]);
    expect(judgeRegressions(baseline, new Map(), WEEK)).toEqual([]);
  });

  it('calls nothing new or vanished until the baseline holds a day of history (a target watched for the first time)', () => {
    const baseline = sums({ a: [1000, 1000], gone: [1000, 500] });
    const recent = sums({ a: [100, 300], heavy: [5, 500] });
    expect(judgeRegressions(baseline, recent, 3_600).map((r) => [r.queryId, r.kind])).toEqual([['a', 'slower']]);
  });
});
