/**
 * What the insights pages show, read from the rollups in the console store (never from the application tables):
 * a range of days is a sum over a few hundred stored rows, however many rows the tables hold. Every figure here is
 * a sum of the rows the leader wrote (./run-insights-cycle.ts); none is computed anywhere else.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../../../db';
import { bool, float, int, parseRows, text, timestamp } from '../../../pg/rows';
import type { VariantStats } from '../ab-tests';
import type { InsightsDays } from './insights-days';
import { histogramPercentile } from './histogram';
import { findRollupSource, type RollupTableName } from './definitions';

async function storeQuery<S extends z.ZodType<object>>(schema: S, sql: string, ...values: unknown[]) {
  return parseRows(schema, await getPrisma().$queryRawUnsafe(sql, ...values));
}

const dayKeyCountRow = z.object({ day: text, key: text, count: int });

/** Rows per day and one key column of a rollup, over the days: the audit and queue charts. */
async function countPerDayAnd(
  store: 'insight_audit_day' | 'insight_schedule_day',
  key: 'operation' | 'status',
  days: InsightsDays,
): Promise<z.output<typeof dayKeyCountRow>[]> {
  return storeQuery(
    dayKeyCountRow,
    `SELECT day::text AS day, ${key} AS key, sum(rows)::float8 AS count FROM console.${store}
     WHERE day BETWEEN $1::date AND $2::date GROUP BY 1, 2 ORDER BY 1, 2`,
    days.from,
    days.to,
  );
}

export async function getOperationsByDay(
  days: InsightsDays,
): Promise<{ day: string; operation: string; count: number }[]> {
  const rows = await countPerDayAnd('insight_audit_day', 'operation', days);
  return rows.map(({ day, key, count }) => ({ day, operation: key, count }));
}

/** The rows of a table whose time falls on the range's days (sealed and tail), from its first part. */
export async function countRowsInRange(
  table: Extract<RollupTableName, 'content_audit' | 'content_metrics' | 'ab_test_results'>,
  days: InsightsDays,
): Promise<number> {
  // parts[0] counts every row of the table (./definitions.ts RollupSource.parts).
  const { store } = findRollupSource(table)!.parts[0];
  const [row] = await storeQuery(
    z.object({ total: int }),
    `SELECT coalesce(sum(rows), 0)::float8 AS total FROM console.${store} WHERE day BETWEEN $1::date AND $2::date`,
    days.from,
    days.to,
  );
  return row.total;
}

export interface ChannelDay {
  day: string;
  channel: string;
  items: number;
  tokens: number;
  p50Ms: number | null;
  p95Ms: number | null;
  /** exact: percentile_cont over the closed day's rows; approximate: from the histogram, within 1 % (today, or a day not yet counted whole). */
  percentiles: 'exact' | 'approximate';
}

const generationDayRow = z.object({
  day: text,
  channel: text,
  items: int,
  timed: int,
  tokens: float,
  exactTimed: int.nullable(),
  built: bool,
  p50: float.nullable(),
  p95: float.nullable(),
});

const histogramRow = z.object({ day: text, channel: text, bucket: int, rows: int });

export async function getGenerationByChannelAndDay(days: InsightsDays): Promise<ChannelDay[]> {
  const rows = await storeQuery(
    generationDayRow,
    `SELECT g.day::text AS day, g.channel, g.items, g.timed, g.tokens,
            e.timed::float8 AS "exactTimed", d.built_at IS NOT NULL AS built, e.p50, e.p95
     FROM (SELECT day, channel, sum(rows)::float8 AS items, sum(timed)::float8 AS timed, sum(tokens)::float8 AS tokens
           FROM console.insight_generation_day WHERE day BETWEEN $1::date AND $2::date GROUP BY 1, 2) AS g
     LEFT JOIN console.insight_generation_exact e USING (day, channel)
     LEFT JOIN console.insight_day d ON d.table_name = 'content_metrics' AND d.day = g.day AND d.minute = -1
     ORDER BY 1, 2`,
    days.from,
    days.to,
  );
  // A day's exact percentiles hold while it stays counted whole (not found wrong since) and no row was added since.
  const isExact = (row: (typeof rows)[number]) => row.built && row.exactTimed === row.timed;
  const approximate = rows.filter((row) => !isExact(row));
  const histograms = new Map<string, { bucket: number; rows: number }[]>();
  if (approximate.length > 0) {
    const buckets = await storeQuery(
      histogramRow,
      `SELECT day::text AS day, channel, bucket, sum(rows)::float8 AS rows FROM console.insight_generation_histogram
       WHERE (day, channel) IN (SELECT d::date, c FROM unnest($1::text[], $2::text[]) AS pairs(d, c))
       GROUP BY 1, 2, 3`,
      approximate.map((row) => row.day),
      approximate.map((row) => row.channel),
    );
    for (const bucket of buckets) {
      const key = `${bucket.day}/${bucket.channel}`;
      histograms.set(key, [...(histograms.get(key) ?? []), bucket]);
    }
  }
  return rows.map((row) => {
    const exact = isExact(row);
    const histogram = histograms.get(`${row.day}/${row.channel}`) ?? [];
    return {
      day: row.day,
      channel: row.channel,
      items: row.items,
      tokens: row.tokens,
      p50Ms: exact ? row.p50 : histogramPercentile(histogram, 0.5),
      p95Ms: exact ? row.p95 : histogramPercentile(histogram, 0.95),
      percentiles: exact ? 'exact' : 'approximate',
    };
  });
}

const qualityRow = z.object({ from: float, count: int });

export async function getQualityDistribution(days: InsightsDays): Promise<z.output<typeof qualityRow>[]> {
  return storeQuery(
    qualityRow,
    `SELECT (bucket / 10.0)::float8 AS "from", sum(rows)::float8 AS count FROM console.insight_quality_day
     WHERE day BETWEEN $1::date AND $2::date GROUP BY bucket ORDER BY bucket`,
    days.from,
    days.to,
  );
}

const variantRow = z.object({
  testId: text,
  variantId: text,
  metricName: text,
  count: int,
  mean: float,
  stddev: float.nullable(),
});

/**
 * The most recently active tests of the range (by their newest result), every variant and metric: n, mean and
 * sample standard deviation from the merged moments — in NUMERIC, as stddev_samp computes them from the rows.
 */
export async function getVariantStats(days: InsightsDays, testLimit = 12): Promise<VariantStats[]> {
  return storeQuery(
    variantRow,
    `WITH ranged AS (
       SELECT * FROM console.insight_ab_day WHERE day BETWEEN $1::date AND $2::date AND n > 0
     ), recent AS (
       SELECT test_id FROM ranged GROUP BY test_id ORDER BY max(last_at) DESC NULLS LAST, test_id LIMIT $3
     ), moments AS (
       SELECT test_id, variant_id, metric_name, sum(n) AS n, sum(sum) AS s, sum(sumsq) AS q
       FROM ranged JOIN recent USING (test_id) GROUP BY 1, 2, 3
     )
     SELECT test_id AS "testId", variant_id AS "variantId", metric_name AS "metricName", n::float8 AS count,
            (s / n)::float8 AS mean,
            CASE WHEN n > 1 THEN sqrt(greatest(q - s * s / n, 0) / (n - 1))::float8 END AS stddev
     FROM moments
     ORDER BY 1, 3, (variant_id <> 'control'), 2`,
    days.from,
    days.to,
    testLimit,
  );
}

export async function getQueueByDay(days: InsightsDays): Promise<{ day: string; status: string; count: number }[]> {
  const rows = await countPerDayAnd('insight_schedule_day', 'status', days);
  return rows.map(({ day, key, count }) => ({ day, status: key, count }));
}

const statusCountRow = z.object({ status: text, count: int });

export async function countByStatus(): Promise<z.output<typeof statusCountRow>[]> {
  return storeQuery(
    statusCountRow,
    `SELECT status, sum(rows)::float8 AS count FROM console.insight_schedule_day GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
}

const cacheSplitRow = z.object({ expiredEntries: int, expiredBytes: float, liveEntries: int, liveBytes: float });

/**
 * Entries and bytes of every expiry slot before the hour starting at `hourStart` (expired) and after it (live); the
 * hour itself is left to a live read, since its entries expire minute by minute. Sums in SQL: a few rows come back
 * however long the span.
 */
export async function getCacheSplitAround(hourStart: string): Promise<z.output<typeof cacheSplitRow>> {
  const [row] = await storeQuery(
    cacheSplitRow,
    `WITH slots AS (SELECT day + make_interval(mins => minute) AS starts, rows, bytes FROM console.insight_cache_day)
     SELECT coalesce(sum(rows) FILTER (WHERE starts < $1::timestamp), 0)::float8 AS "expiredEntries",
            coalesce(sum(bytes) FILTER (WHERE starts < $1::timestamp), 0)::float8 AS "expiredBytes",
            coalesce(sum(rows) FILTER (WHERE starts >= $1::timestamp + interval '1 hour'), 0)::float8 AS "liveEntries",
            coalesce(sum(bytes) FILTER (WHERE starts >= $1::timestamp + interval '1 hour'), 0)::float8 AS "liveBytes"
     FROM slots`,
    hourStart,
  );
  return row;
}

const targetSizeRow = z.object({ target: text, entries: int, bytes: float });

/** Every entry's size per target, largest first. */
export async function getCacheSizeByTarget(): Promise<z.output<typeof targetSizeRow>[]> {
  return storeQuery(
    targetSizeRow,
    `SELECT target, sum(rows)::float8 AS entries, sum(bytes)::float8 AS bytes FROM console.insight_cache_day
     GROUP BY 1 ORDER BY 3 DESC, 1`,
  );
}

const topKeyRow = z.object({
  cacheKey: text,
  target: text,
  hitCount: int,
  sizeBytes: int.nullable(),
  expiresAt: text,
});

export async function findTopKeys(limit = 20): Promise<z.output<typeof topKeyRow>[]> {
  return storeQuery(
    topKeyRow,
    `SELECT cache_key AS "cacheKey", target, hits::float8 AS "hitCount", size_bytes::float8 AS "sizeBytes",
            to_char(expires_at, 'YYYY-MM-DD HH24:MI:SS') AS "expiresAt"
     FROM console.insight_cache_top ORDER BY hits DESC, cache_key LIMIT $1`,
    limit,
  );
}

/** When the slots of a mutable table were last counted whole: the oldest and newest. */
export async function getRecountTimes(
  table: Extract<RollupTableName, 'scheduled_content' | 'cache_metadata'>,
): Promise<{ oldest: Date | null; newest: Date | null }> {
  const [row] = await storeQuery(
    z.object({ oldest: timestamp.nullable(), newest: timestamp.nullable() }),
    `SELECT min(built_at) AS oldest, max(built_at) AS newest FROM console.insight_day WHERE table_name = $1`,
    table,
  );
  return row;
}
