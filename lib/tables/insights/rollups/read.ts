/**
 * What the insights pages show, read from the rollups in the console store (never from the application tables):
 * a range of days is a sum over a few hundred stored rows, however many rows the tables hold. Every figure here is
 * a sum of the rows the leader wrote (./maintain.ts); none is computed anywhere else.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../../../db';
import { float, int, parseRows, text, timestamp } from '../../../pg/rows';
import type { VariantStats } from '../ab-tests';
import type { InsightsDays } from './insights-days';
import { histogramPercentile } from './histogram';
import type { RollupTableName } from './definitions';

async function storeQuery<S extends z.ZodType<object>>(schema: S, sql: string, ...values: unknown[]) {
  return parseRows(schema, await getPrisma().$queryRawUnsafe(sql, ...values));
}

const operationDayRow = z.object({ day: text, operation: text, count: int });

export async function readOperationsByDay(days: InsightsDays): Promise<z.output<typeof operationDayRow>[]> {
  return storeQuery(
    operationDayRow,
    `SELECT day::text AS day, operation, sum(rows)::float8 AS count FROM console.insight_audit_day
     WHERE day BETWEEN $1::date AND $2::date GROUP BY 1, 2 ORDER BY 1, 2`,
    days.from,
    days.to,
  );
}

/** The rows of a table whose time falls on the range's days (sealed and tail), from its first part. */
export async function readRangeTotal(
  table: Extract<RollupTableName, 'content_audit' | 'content_metrics' | 'ab_test_results'>,
  days: InsightsDays,
): Promise<number> {
  const store = {
    content_audit: 'insight_audit_day',
    content_metrics: 'insight_generation_day',
    ab_test_results: 'insight_ab_day',
  }[table];
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
  p50: float.nullable(),
  p95: float.nullable(),
});

const histogramRow = z.object({ day: text, channel: text, bucket: int, rows: int });

export async function readGenerationByChannelAndDay(days: InsightsDays): Promise<ChannelDay[]> {
  const rows = await storeQuery(
    generationDayRow,
    `SELECT g.day::text AS day, g.channel, g.items, g.timed, g.tokens,
            e.timed::float8 AS "exactTimed", e.p50, e.p95
     FROM (SELECT day, channel, sum(rows)::float8 AS items, sum(timed)::float8 AS timed, sum(tokens)::float8 AS tokens
           FROM console.insight_generation_day WHERE day BETWEEN $1::date AND $2::date GROUP BY 1, 2) AS g
     LEFT JOIN console.insight_generation_exact e USING (day, channel)
     ORDER BY 1, 2`,
    days.from,
    days.to,
  );
  // A day's exact percentiles hold while no row has been added since they were computed.
  const approximate = rows.filter((row) => row.exactTimed !== row.timed);
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
    const exact = row.exactTimed === row.timed;
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

export async function readQualityDistribution(days: InsightsDays): Promise<z.output<typeof qualityRow>[]> {
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
export async function readVariantStats(days: InsightsDays, testLimit = 12): Promise<VariantStats[]> {
  return storeQuery(
    variantRow,
    `WITH ranged AS (
       SELECT * FROM console.insight_ab_day WHERE day BETWEEN $1::date AND $2::date AND n > 0
     ), recent AS (
       SELECT test_id FROM ranged GROUP BY test_id ORDER BY max(last_at) DESC, test_id LIMIT $3
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

const statusDayRow = z.object({ day: text, status: text, count: int });

export async function readQueueByDay(days: InsightsDays): Promise<z.output<typeof statusDayRow>[]> {
  return storeQuery(
    statusDayRow,
    `SELECT day::text AS day, status, sum(rows)::float8 AS count FROM console.insight_schedule_day
     WHERE day BETWEEN $1::date AND $2::date GROUP BY 1, 2 ORDER BY 1, 2`,
    days.from,
    days.to,
  );
}

const statusCountRow = z.object({ status: text, count: int });

export async function readStatusTotals(): Promise<z.output<typeof statusCountRow>[]> {
  return storeQuery(
    statusCountRow,
    `SELECT status, sum(rows)::float8 AS count FROM console.insight_schedule_day GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
}

const cacheHourRow = z.object({ day: text, hour: int, target: text, entries: int, bytes: float });

/** Entries and bytes per expiry hour and target: the hours before now's have expired, the hours after are live. */
export async function readCacheByHour(): Promise<z.output<typeof cacheHourRow>[]> {
  return storeQuery(
    cacheHourRow,
    `SELECT day::text AS day, hour, target, sum(rows)::float8 AS entries, sum(bytes)::float8 AS bytes
     FROM console.insight_cache_day GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
}

const topKeyRow = z.object({
  cacheKey: text,
  target: text,
  hitCount: int,
  sizeBytes: int.nullable(),
  expiresAt: text,
});

export async function readTopKeys(limit = 20): Promise<z.output<typeof topKeyRow>[]> {
  return storeQuery(
    topKeyRow,
    `SELECT cache_key AS "cacheKey", target, hits::float8 AS "hitCount", size_bytes::float8 AS "sizeBytes",
            to_char(expires_at, 'YYYY-MM-DD HH24:MI:SS') AS "expiresAt"
     FROM console.insight_cache_top ORDER BY hits DESC, cache_key LIMIT $1`,
    limit,
  );
}

/** When the days of a mutable table were last counted whole: the oldest and newest of the days shown. */
export async function readRecountTimes(
  table: Extract<RollupTableName, 'scheduled_content' | 'cache_metadata'>,
): Promise<{ oldest: Date | null; newest: Date | null }> {
  const [row] = await storeQuery(
    z.object({ oldest: timestamp.nullable(), newest: timestamp.nullable() }),
    `SELECT min(built_at) AS oldest, max(built_at) AS newest FROM console.insight_day WHERE table_name = $1`,
    table,
  );
  return row;
}
