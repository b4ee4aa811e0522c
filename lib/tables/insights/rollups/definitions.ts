/**
 * The insights rollups' fixed registry: for each application table, the time column and index its rows are read
 * through, whether its rows are only ever added (append) or change in place (mutable), and the parts it is rolled
 * up into — each a console.insight_* table (prisma/migrations/20261203000000_insights_rollups) and the SELECT that
 * aggregates one time range of the source rows into it. Every identifier in rollup SQL comes from here.
 *
 * A part's SELECT reads the rows whose time is in [$1, $2) and returns one row per (day, tail, keys…) with its
 * values; `tail` is true for rows at or after $3 (the late-arrival window, replaced every cycle). Values are merged
 * by adding (counts, sums, sums of squares) or by taking the greater (the newest time), so any split of the rows
 * into ranges adds up to the same figures as one scan of all of them.
 */
import type { TableName } from '../../registry';
import { SLOT_MINUTES } from './naive-time';

export type SqlType = 'text' | 'integer' | 'bigint' | 'numeric' | 'double precision' | 'timestamp';

export interface RollupColumn {
  name: string;
  type: SqlType;
  /** How two partial values of the same key combine; key columns have none. */
  merge?: 'sum' | 'max';
}

export interface RollupPart {
  /** The console table, without schema. */
  store: `insight_${string}`;
  keys: readonly RollupColumn[];
  values: readonly RollupColumn[];
  /** The aggregate over [$1, $2) with tail from $3 (see the module comment); outputs day, tail, keys, values. */
  select: string;
  /**
   * Computed only from a whole closed day's rows, never merged (exact percentiles): the table has no tail column
   * and its rows are written only by a whole-day rebuild.
   */
  wholeDayOnly?: boolean;
}

export interface RollupSource {
  table: Extract<
    TableName,
    'content_audit' | 'content_metrics' | 'ab_test_results' | 'scheduled_content' | 'cache_metadata'
  >;
  /** The time column, quoted, and the guide's index on it that every read goes through. */
  time: string;
  index: string;
  /**
   * append: rows are inserted and not changed (audit entries, metrics, results): new rows are read once past the
   * watermark; closed days are counted again in rotation to catch late rows and deletes.
   * mutable: rows change in place (a queue item's status, a cache entry's hits): each day is re-counted whole, in
   * rotation, the days around today most often.
   */
  kind: 'append' | 'mutable';
  /**
   * What is counted whole at once: a day (append tables: once, when it closes, then verified by count), or a slot of
   * SLOT_MINUTES (mutable tables, re-counted in rotation: a slot of a table of ten million rows is a few milliseconds
   * of reading, a day is not). Slot-sliced parts output and key a `minute` column: the minute of the day it starts.
   */
  slice: 'day' | 'slot';
  /** parts[0] has a `rows` value that is count(*) of the source rows: the slice's row count. */
  parts: readonly RollupPart[];
}

// The day as a date: json_agg writes it 'YYYY-MM-DD' whatever DateStyle, and a cast costs far less than to_char per row.
const dayOf = (time: string) => `(${time})::date`;
const slotOf = (time: string) =>
  `(extract(hour FROM ${time})::int * 60 + extract(minute FROM ${time})::int / ${SLOT_MINUTES} * ${SLOT_MINUTES})`;
const slot: RollupColumn = { name: 'minute', type: 'integer' };
const inRange = (time: string) => `${time} >= $1::timestamp AND ${time} < $2::timestamp`;
const tailOf = (time: string) => `(${time} >= $3::timestamp)`;

const count: RollupColumn = { name: 'rows', type: 'bigint', merge: 'sum' };

/**
 * generation_time_ms in logarithmic buckets of width 2 %: bucket b holds [1.02^b, 1.02^(b+1)); -1 holds 0 and below.
 * A percentile read from it is within 1 % of the exact one (lib/tables/insights/rollups/histogram.ts).
 */
export const HISTOGRAM_GROWTH = 1.02;
const histogramBucket = `CASE WHEN generation_time_ms <= 0 THEN -1 ELSE floor(ln(generation_time_ms) / ln(${HISTOGRAM_GROWTH}))::int END`;

/** The quality-score histogram the page has always shown: buckets of 0.1 from width_bucket, 1.00 in a bucket of its own. */
const qualityBucket = `(least(width_bucket(quality_score, 0, 1, 10), 11) - 1)`;

const AUDIT_TIME = '"timestamp"';
const METRICS_TIME = 'created_at';
const AB_TIME = '"timestamp"';
const SCHEDULE_TIME = 'scheduled_time';
const CACHE_TIME = 'expires_at';

/** How many days after the range the queue chart also shows: what is scheduled next. */
export const QUEUE_DAYS_AHEAD = 14;

/** How many of each expiry slot's most used cache keys are kept: the overall top list is read from these. */
export const CACHE_TOP_KEYS_PER_HOUR = 20;

export const ROLLUP_SOURCES: readonly RollupSource[] = [
  {
    table: 'content_audit',
    slice: 'day',
    time: AUDIT_TIME,
    index: 'idx_content_audit_timestamp',
    kind: 'append',
    parts: [
      {
        store: 'insight_audit_day',
        keys: [{ name: 'operation', type: 'text' }],
        values: [count],
        select: `SELECT ${dayOf(AUDIT_TIME)} AS day, ${tailOf(AUDIT_TIME)} AS tail, operation, count(*) AS rows
                 FROM content_audit WHERE ${inRange(AUDIT_TIME)} GROUP BY 1, 2, 3`,
      },
    ],
  },
  {
    table: 'content_metrics',
    slice: 'day',
    time: METRICS_TIME,
    index: 'idx_content_metrics_created',
    kind: 'append',
    parts: [
      {
        store: 'insight_generation_day',
        keys: [{ name: 'channel', type: 'text' }],
        values: [
          count,
          { name: 'timed', type: 'bigint', merge: 'sum' },
          { name: 'tokens', type: 'numeric', merge: 'sum' },
        ],
        select: `SELECT ${dayOf(METRICS_TIME)} AS day, ${tailOf(METRICS_TIME)} AS tail, channel, count(*) AS rows,
                        count(generation_time_ms) AS timed, coalesce(sum(ai_tokens_used), 0) AS tokens
                 FROM content_metrics WHERE ${inRange(METRICS_TIME)} GROUP BY 1, 2, 3`,
      },
      {
        store: 'insight_generation_histogram',
        keys: [
          { name: 'channel', type: 'text' },
          { name: 'bucket', type: 'integer' },
        ],
        values: [count],
        select: `SELECT ${dayOf(METRICS_TIME)} AS day, ${tailOf(METRICS_TIME)} AS tail, channel, ${histogramBucket} AS bucket,
                        count(*) AS rows
                 FROM content_metrics WHERE ${inRange(METRICS_TIME)} AND generation_time_ms IS NOT NULL
                 GROUP BY 1, 2, 3, 4`,
      },
      {
        store: 'insight_quality_day',
        keys: [{ name: 'bucket', type: 'integer' }],
        values: [count],
        select: `SELECT ${dayOf(METRICS_TIME)} AS day, ${tailOf(METRICS_TIME)} AS tail, ${qualityBucket} AS bucket,
                        count(*) AS rows
                 FROM content_metrics WHERE ${inRange(METRICS_TIME)} AND quality_score IS NOT NULL GROUP BY 1, 2, 3`,
      },
      {
        store: 'insight_generation_exact',
        wholeDayOnly: true,
        keys: [{ name: 'channel', type: 'text' }],
        values: [
          { name: 'timed', type: 'bigint' },
          { name: 'p50', type: 'double precision' },
          { name: 'p95', type: 'double precision' },
        ],
        // The figures the page showed before rollups, from the day's rows: percentile_cont, per channel.
        select: `SELECT ${dayOf(METRICS_TIME)} AS day, channel, count(generation_time_ms) AS timed,
                        percentile_cont(0.5) WITHIN GROUP (ORDER BY generation_time_ms) AS p50,
                        percentile_cont(0.95) WITHIN GROUP (ORDER BY generation_time_ms) AS p95
                 FROM content_metrics WHERE ${inRange(METRICS_TIME)} GROUP BY 1, 2`,
      },
    ],
  },
  {
    table: 'ab_test_results',
    slice: 'day',
    time: AB_TIME,
    index: 'idx_test_results_timestamp',
    kind: 'append',
    parts: [
      {
        store: 'insight_ab_day',
        keys: [
          { name: 'test_id', type: 'text' },
          { name: 'variant_id', type: 'text' },
          { name: 'metric_name', type: 'text' },
        ],
        // n, Σx and Σx² of metric_value (NUMERIC, exact): mean and sample variance of any union of days follow.
        values: [
          count,
          { name: 'n', type: 'bigint', merge: 'sum' },
          { name: 'sum', type: 'numeric', merge: 'sum' },
          { name: 'sumsq', type: 'numeric', merge: 'sum' },
          { name: 'last_at', type: 'timestamp', merge: 'max' },
        ],
        select: `SELECT ${dayOf(AB_TIME)} AS day, ${tailOf(AB_TIME)} AS tail, test_id, variant_id, metric_name,
                        count(*) AS rows, count(metric_value) AS n, coalesce(sum(metric_value), 0) AS sum,
                        coalesce(sum(metric_value * metric_value), 0) AS sumsq,
                        max(${AB_TIME}) FILTER (WHERE metric_value IS NOT NULL) AS last_at
                 FROM ab_test_results WHERE ${inRange(AB_TIME)} GROUP BY 1, 2, 3, 4, 5`,
      },
    ],
  },
  {
    table: 'scheduled_content',
    slice: 'slot',
    time: SCHEDULE_TIME,
    index: 'idx_scheduled_time',
    kind: 'mutable',
    parts: [
      {
        store: 'insight_schedule_day',
        keys: [slot, { name: 'status', type: 'text' }],
        values: [count],
        select: `SELECT ${dayOf(SCHEDULE_TIME)} AS day, ${tailOf(SCHEDULE_TIME)} AS tail, ${slotOf(SCHEDULE_TIME)} AS minute,
                        status, count(*) AS rows
                 FROM scheduled_content WHERE ${inRange(SCHEDULE_TIME)} GROUP BY 1, 2, 3, 4`,
      },
    ],
  },
  {
    table: 'cache_metadata',
    slice: 'slot',
    time: CACHE_TIME,
    index: 'idx_cache_expires',
    kind: 'mutable',
    parts: [
      {
        store: 'insight_cache_day',
        keys: [slot, { name: 'target', type: 'text' }],
        values: [count, { name: 'bytes', type: 'numeric', merge: 'sum' }],
        select: `SELECT ${dayOf(CACHE_TIME)} AS day, ${tailOf(CACHE_TIME)} AS tail, ${slotOf(CACHE_TIME)} AS minute, target,
                        count(*) AS rows, coalesce(sum(size_bytes), 0) AS bytes
                 FROM cache_metadata WHERE ${inRange(CACHE_TIME)} GROUP BY 1, 2, 3, 4`,
      },
      {
        store: 'insight_cache_top',
        keys: [slot, { name: 'cache_key', type: 'text' }],
        values: [
          { name: 'target', type: 'text' },
          { name: 'hits', type: 'bigint' },
          { name: 'size_bytes', type: 'bigint' },
          { name: 'expires_at', type: 'timestamp' },
        ],
        select: `SELECT day, tail, minute, cache_key, target, hits, size_bytes, expires_at FROM (
                   SELECT ${dayOf(CACHE_TIME)} AS day, ${tailOf(CACHE_TIME)} AS tail, ${slotOf(CACHE_TIME)} AS minute,
                          cache_key, target, hit_count AS hits, size_bytes, ${CACHE_TIME} AS expires_at,
                          row_number() OVER (PARTITION BY ${dayOf(CACHE_TIME)}, ${slotOf(CACHE_TIME)} ORDER BY hit_count DESC, cache_key) AS rank
                   FROM cache_metadata WHERE ${inRange(CACHE_TIME)} AND hit_count IS NOT NULL
                 ) AS ranked WHERE rank <= ${CACHE_TOP_KEYS_PER_HOUR}`,
      },
    ],
  },
];

export type RollupTableName = RollupSource['table'];

export function findRollupSource(table: TableName): RollupSource | undefined {
  return ROLLUP_SOURCES.find((source) => source.table === table);
}
