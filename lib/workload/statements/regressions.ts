/**
 * What changed in a target's workload, from its statement history: statements whose mean time over the last hour
 * is at least twice their 7-day baseline, new statements that took a large share of the hour's time, and
 * statements that had a large share of the baseline and vanished. Checked by the statement task every
 * REGRESSION_CHECK_EVERY_MS per target and stored (console.statement_regression), so pages and the QueryRegression
 * rule read a few rows instead of a week of history. The judging is pure: ./regression-rules.ts.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../../db';
import { float, parseRows, text, timestamp } from '../../pg/rows';
import { sumByStatement } from './history';
import { judgeRegressions, REGRESSION_RULES, type Regression } from './regression-rules';

export const REGRESSION_CHECK_EVERY_MS = 5 * 60_000;

/** Three checks missed: the stored judgement no longer counts. */
const STALE_AFTER_MS = 3 * REGRESSION_CHECK_EVERY_MS;

/** Checks `target`'s history as of `now` and replaces its stored regressions; returns them. */
export async function refreshRegressions(target: string, now = new Date()): Promise<Regression[]> {
  const recentFrom = new Date(now.getTime() - REGRESSION_RULES.recentMs);
  const baselineWindow = {
    from: new Date(recentFrom.getTime() - REGRESSION_RULES.baselineMs),
    to: recentFrom,
    range: null,
  };
  const [baseline, recent, [covered]] = await Promise.all([
    sumByStatement(target, baselineWindow),
    sumByStatement(target, { from: recentFrom, to: now, range: null }),
    parseRows(
      z.object({ seconds: float }),
      await getPrisma().$queryRaw`
        SELECT coalesce(sum(seconds), 0)::float8 AS seconds FROM console.statement_interval
        WHERE target = ${target} AND sampled_at > ${baselineWindow.from} AND sampled_at <= ${baselineWindow.to}`,
    ),
  ]);
  const found = judgeRegressions(baseline, recent, covered!.seconds);
  await getPrisma().$transaction([
    getPrisma().$executeRaw`DELETE FROM console.statement_regression WHERE target = ${target}`,
    getPrisma().$executeRaw`
      INSERT INTO console.statement_regression
        (target, queryid, kind, checked_at, recent_calls, recent_mean_ms, baseline_calls, baseline_mean_ms, share)
      SELECT ${target}, r.queryid::bigint, r.kind, ${now}, r.recent_calls, r.recent_mean_ms, r.baseline_calls,
        r.baseline_mean_ms, r.share
      FROM jsonb_to_recordset(${JSON.stringify(
        found.map((r) => ({
          queryid: r.queryId,
          kind: r.kind,
          recent_calls: r.recentCalls,
          recent_mean_ms: r.recentMeanMs,
          baseline_calls: r.baselineCalls,
          baseline_mean_ms: r.baselineMeanMs,
          share: r.share,
        })),
      )}::jsonb) AS r(queryid text, kind text, recent_calls float8, recent_mean_ms float8, baseline_calls float8,
        baseline_mean_ms float8, share float8)`,
  ]);
  return found;
}

const storedRow = z.object({
  queryId: text,
  kind: z.enum(['slower', 'new', 'vanished']),
  checkedAt: timestamp,
  recentCalls: float,
  recentMeanMs: float.nullable(),
  baselineCalls: float,
  baselineMeanMs: float.nullable(),
  share: float.nullable(),
  query: text.nullable(),
});
export type StoredRegression = z.output<typeof storedRow>;

/** A target's stored regressions with their texts: slower first, then new, then vanished; by share within each. */
export async function listRegressions(target: string): Promise<StoredRegression[]> {
  return parseRows(
    storedRow,
    await getPrisma().$queryRaw`
      SELECT r.queryid::text AS "queryId", r.kind, r.checked_at AS "checkedAt", r.recent_calls AS "recentCalls",
        r.recent_mean_ms AS "recentMeanMs", r.baseline_calls AS "baselineCalls",
        r.baseline_mean_ms AS "baselineMeanMs", r.share, left(t.query, 500) AS "query"
      FROM console.statement_regression r
      LEFT JOIN console.statement_text t ON t.target = r.target AND t.queryid = r.queryid
      WHERE r.target = ${target}
      ORDER BY array_position(ARRAY['slower', 'new', 'vanished'], r.kind), r.share DESC NULLS LAST, r.queryid`,
  );
}

/**
 * Statements slower than their baseline per target, from checks of the last STALE_AFTER_MS — what the
 * QueryRegression rule counts. New and vanished statements are worth a look, not a page: listed, not alerted. A
 * check older than that (the collector stopped, or cannot read the target) counts nothing rather than keeping an
 * alert firing on an old judgement.
 */
export async function countRegressionsByTarget(targets: readonly string[]): Promise<Map<string, number>> {
  if (targets.length === 0) return new Map();
  const rows = parseRows(
    z.object({ target: text, count: float }),
    await getPrisma().$queryRaw`
      SELECT names.target, count(r.queryid)::float8 AS count
      FROM unnest(${targets}::text[]) AS names(target)
      LEFT JOIN console.statement_regression r ON r.target = names.target AND r.kind = 'slower'
        AND r.checked_at > ${new Date(Date.now() - STALE_AFTER_MS)}
      GROUP BY names.target`,
  );
  return new Map(rows.map((row) => [row.target, row.count]));
}
