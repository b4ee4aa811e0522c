/**
 * The insights figures computed the way the pages computed them before the rollups: one scan of the application
 * table's rows in the range. The integration tests hold every rollup-backed figure to these, and bench/insights-scale
 * times them as the baseline. Days are inclusive 'YYYY-MM-DD' of the server's local time. Rows at 'infinity' (a cache
 * entry that never expires) are left out, as the rollups leave them out.
 */
import type pg from 'pg';

export interface Days {
  from: string;
  to: string;
}

const inDays = (time: string) => `${time} >= $1::date AND ${time} < $2::date + 1`;

export const FULL_SCAN = {
  operationsByDay: `SELECT to_char(date_trunc('day', "timestamp"), 'YYYY-MM-DD') AS day, operation, count(*)::float8 AS count
    FROM content_audit WHERE ${inDays('"timestamp"')} GROUP BY 1, 2 ORDER BY 1, 2`,
  generationByChannelAndDay: `SELECT to_char(date_trunc('day', created_at), 'YYYY-MM-DD') AS day, channel,
      count(*)::float8 AS items, coalesce(sum(ai_tokens_used), 0)::float8 AS tokens,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY generation_time_ms) AS "p50Ms",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY generation_time_ms) AS "p95Ms"
    FROM content_metrics WHERE ${inDays('created_at')} GROUP BY 1, 2 ORDER BY 1, 2`,
  qualityDistribution: `SELECT ((least(width_bucket(quality_score, 0, 1, 10), 11) - 1) / 10.0)::float8 AS "from", count(*)::float8 AS count
    FROM content_metrics WHERE quality_score IS NOT NULL AND ${inDays('created_at')} GROUP BY 1 ORDER BY 1`,
  variantStats: `WITH ranged AS (SELECT * FROM ab_test_results WHERE ${inDays('"timestamp"')} AND metric_value IS NOT NULL),
    recent AS (SELECT test_id FROM ranged GROUP BY test_id ORDER BY max("timestamp") DESC, test_id LIMIT $3)
    SELECT test_id AS "testId", variant_id AS "variantId", metric_name AS "metricName", count(metric_value)::float8 AS count,
           avg(metric_value)::float8 AS mean, stddev_samp(metric_value)::float8 AS stddev
    FROM ranged JOIN recent USING (test_id) GROUP BY 1, 2, 3 ORDER BY 1, 3, (variant_id <> 'control'), 2`,
  queueByDay: `SELECT to_char(date_trunc('day', scheduled_time), 'YYYY-MM-DD') AS day, status, count(*)::float8 AS count
    FROM scheduled_content WHERE ${inDays('scheduled_time')} GROUP BY 1, 2 ORDER BY 1, 2`,
  statusTotals: `SELECT status, count(*)::float8 AS count FROM scheduled_content WHERE isfinite(scheduled_time)
    GROUP BY 1 ORDER BY 2 DESC, 1`,
  cacheSizeByTarget: `SELECT target, count(*)::float8 AS entries, coalesce(sum(size_bytes), 0)::float8 AS bytes
    FROM cache_metadata WHERE isfinite(expires_at) GROUP BY 1 ORDER BY 3 DESC, 1`,
  /** Entries of the hours before and after the hour starting at $1 (that hour itself left out), as expired and live. */
  cacheSplitAround: `SELECT count(*) FILTER (WHERE expires_at < $1::timestamp)::float8 AS "expiredEntries",
      coalesce(sum(size_bytes) FILTER (WHERE expires_at < $1::timestamp), 0)::float8 AS "expiredBytes",
      count(*) FILTER (WHERE expires_at >= $1::timestamp + interval '1 hour')::float8 AS "liveEntries",
      coalesce(sum(size_bytes) FILTER (WHERE expires_at >= $1::timestamp + interval '1 hour'), 0)::float8 AS "liveBytes"
    FROM cache_metadata WHERE isfinite(expires_at)`,
  topKeys: `SELECT cache_key AS "cacheKey", target, hit_count::float8 AS "hitCount", size_bytes::float8 AS "sizeBytes",
      to_char(expires_at, 'YYYY-MM-DD HH24:MI:SS') AS "expiresAt"
    FROM cache_metadata WHERE hit_count IS NOT NULL AND isfinite(expires_at) ORDER BY hit_count DESC, cache_key LIMIT $1`,
  rangeTotal: (table: 'content_audit' | 'content_metrics' | 'ab_test_results') => {
    const time = table === 'content_metrics' ? 'created_at' : '"timestamp"';
    return `SELECT count(*)::float8 AS total FROM ${table} WHERE ${inDays(time)}`;
  },
} as const;

/** Runs one of FULL_SCAN's statements with the range's days (and any further values). */
export async function fullScan<T>(client: pg.ClientBase, sql: string, days?: Days, ...more: unknown[]): Promise<T[]> {
  const values = days ? [days.from, days.to, ...more] : more;
  return (await client.query(sql, values)).rows as T[];
}
