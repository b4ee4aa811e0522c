/**
 * How the workload history judges a change (issue 16, "What changed"): the thresholds and the pure judgement of a
 * baseline's and the last hour's per-statement sums. Stored and read by ./regressions.ts.
 */
import type { StatementSums } from './history';

/** Issue 16: "mean time over the last hour at least twice their 7-day baseline, with a minimum number of calls". */
export const REGRESSION_RULES = {
  recentMs: 3_600_000,
  baselineMs: 7 * 86_400_000,
  slowerFactor: 2,
  /** Calls needed in the hour and in the baseline before a mean is compared: a few calls make a noisy mean. */
  minCalls: 20,
  /** A new statement is reported when it took at least this share of the hour's statement time. */
  newShare: 0.1,
  /** A vanished statement is reported when it had at least this share of the baseline's statement time. */
  vanishedShare: 0.05,
  /**
   * Seconds of history the baseline must hold before anything is called new or vanished: on a target watched for
   * the first time every statement would be "new" (and after a long gap, "vanished").
   */
  minBaselineSeconds: 86_400,
} as const;

export type RegressionKind = 'slower' | 'new' | 'vanished';

export interface Regression {
  queryId: string;
  kind: RegressionKind;
  recentCalls: number;
  recentMeanMs: number | null;
  baselineCalls: number;
  baselineMeanMs: number | null;
  share: number | null;
}

const mean = (sums: StatementSums | undefined) => (sums && sums.calls > 0 ? sums.totalMs / sums.calls : null);
const totalOf = (all: ReadonlyMap<string, StatementSums>) =>
  [...all.values()].reduce((sum, row) => sum + row.totalMs, 0);

/** Pure: the regressions between a baseline's and the last hour's per-statement sums. */
export function judgeRegressions(
  baseline: ReadonlyMap<string, StatementSums>,
  recent: ReadonlyMap<string, StatementSums>,
  /** Seconds of collected history in the baseline window (statement_interval). */
  baselineSeconds: number,
  rules = REGRESSION_RULES,
): Regression[] {
  const knowsWhatIsUsual = baselineSeconds >= rules.minBaselineSeconds;
  const recentTotal = totalOf(recent);
  const baselineTotal = totalOf(baseline);
  const found: Regression[] = [];
  const entry = (queryId: string, kind: RegressionKind, share: number | null): Regression => ({
    queryId,
    kind,
    recentCalls: recent.get(queryId)?.calls ?? 0,
    recentMeanMs: mean(recent.get(queryId)),
    baselineCalls: baseline.get(queryId)?.calls ?? 0,
    baselineMeanMs: mean(baseline.get(queryId)),
    share,
  });
  for (const [queryId, now] of recent) {
    const before = baseline.get(queryId);
    const share = recentTotal > 0 ? now.totalMs / recentTotal : null;
    if (!before) {
      if (knowsWhatIsUsual && share !== null && share >= rules.newShare) found.push(entry(queryId, 'new', share));
      continue;
    }
    const [nowMean, beforeMean] = [mean(now), mean(before)];
    if (
      now.calls >= rules.minCalls &&
      before.calls >= rules.minCalls &&
      nowMean !== null &&
      beforeMean !== null &&
      beforeMean > 0 &&
      nowMean >= rules.slowerFactor * beforeMean
    )
      found.push(entry(queryId, 'slower', share));
  }
  // Vanished only when the last hour has a workload at all: an hour the collector missed is not a disappearance.
  if (knowsWhatIsUsual && recent.size > 0)
    for (const [queryId, before] of baseline) {
      const share = baselineTotal > 0 ? before.totalMs / baselineTotal : 0;
      if (!recent.has(queryId) && share >= rules.vanishedShare) found.push(entry(queryId, 'vanished', share));
    }
  return found;
}
