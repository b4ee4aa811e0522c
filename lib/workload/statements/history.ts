/**
 * Reading the statement history for a time window: statements ranked within it, their sparklines, the top
 * statements' share of database time, one statement's series. Whole hours inside the window come from the hourly
 * rollups (about STATEMENT_HISTORY_TOP rows an hour), the partial hours at its edges from the minute rows, so a
 * 24-hour window reads ~25,000 rows rather than ~290,000 (issue 16: ≤ 300 ms at 14 days for 5,000 statements;
 * bench/statement-history.ts). An interval belongs to the window when it ended inside it: (from, to].
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../../db';
import { decimalText, float, parseRows, text, timestamp } from '../../pg/rows';
import type { TimeWindow } from '../window';
import { loadCoverage } from './load-coverage';
import { findCollectedBuckets, maskUncollected, type WindowCoverage } from './window-coverage';

const HOUR_MS = 3_600_000;

/** Sort keys of the window ranking; ORDER BY expressions come only from this registry (output columns). */
export const WINDOW_ORDER = {
  total: 'total_ms',
  mean: 'mean_ms',
  calls: 'calls',
  rows: 'rows',
  io: 'io_ms',
  temp: 'temp_blks',
} as const;
export type WindowOrder = keyof typeof WINDOW_ORDER;

/** Which part of a window the hourly rollups answer: hours [hoursFrom, hoursTo); none when equal. Pure. */
export function splitWindow(window: TimeWindow, rolledThrough: Date | null): { hoursFrom: Date; hoursTo: Date } {
  const hoursFrom = new Date(Math.ceil(window.from.getTime() / HOUR_MS) * HOUR_MS);
  const lastWholeHour = Math.floor(window.to.getTime() / HOUR_MS) * HOUR_MS;
  const hoursTo = new Date(Math.min(lastWholeHour, rolledThrough?.getTime() ?? 0));
  return hoursTo > hoursFrom ? { hoursFrom, hoursTo } : { hoursFrom: window.to, hoursTo: window.to };
}

async function rolledThrough(target: string): Promise<Date | null> {
  const [row] = parseRows(
    z.object({ rolled_through: timestamp }),
    await getPrisma().$queryRaw`SELECT rolled_through FROM console.statement_rollup WHERE target = ${target}`,
  );
  return row?.rolled_through ?? null;
}

/**
 * The window's rows as one relation `window_rows` (queryid, userid, t, figures…) — minute rows at the edges, hour
 * rows inside — taking $1 target, $2 from, $3 to, $4 hoursFrom, $5 hoursTo.
 */
const WINDOW_ROWS = `
  window_rows AS (
    SELECT queryid, userid, toplevel, sampled_at AS t, calls, total_ms, rows, shared_blks_hit, shared_blks_read,
      temp_blks_read + temp_blks_written AS temp_blks, blk_io_ms
    FROM console.statement_minute
    WHERE target = $1
      AND ((sampled_at > $2 AND sampled_at <= $4) OR (sampled_at > $5 AND sampled_at <= $3))
    UNION ALL
    SELECT queryid, userid, toplevel, hour + interval '1 hour' AS t, calls, total_ms, rows, shared_blks_hit, shared_blks_read,
      temp_blks_read + temp_blks_written AS temp_blks, blk_io_ms
    FROM console.statement_hour
    WHERE target = $1 AND hour >= $4 AND hour < $5
  )`;

/** Up to this span a window is read from minute rows only, so its charts have minute resolution throughout. */
const MINUTES_ONLY_MS = 6 * HOUR_MS;

async function windowParams(target: string, window: TimeWindow): Promise<unknown[]> {
  const minutesOnly = window.to.getTime() - window.from.getTime() <= MINUTES_ONLY_MS;
  const { hoursFrom, hoursTo } = minutesOnly
    ? { hoursFrom: window.to, hoursTo: window.to }
    : splitWindow(window, await rolledThrough(target));
  return [target, window.from, window.to, hoursFrom, hoursTo];
}

const rankedRow = z.object({
  queryId: text,
  query: text.nullable(),
  users: text.nullable(),
  calls: float,
  totalMs: float,
  meanMs: float,
  rows: float,
  ioMs: float,
  tempBlks: float,
  hitRatio: float.nullable(),
  share: float.nullable(),
  /** The figure the page is ranked by, rounded (RANK_VALUE): the next page's cursor. */
  rankValue: decimalText,
});
export type WindowStatement = z.output<typeof rankedRow>;

export interface WindowTotals {
  statements: number;
  totalMs: number;
  othersMs: number;
  othersCalls: number;
}

/** The window's totals beside one statement of the page (every statement column null on a lone totals row). */
const windowPageRow = z.object({
  statements: float,
  allMs: float,
  othersMs: float,
  othersCalls: float,
  queryId: text.nullable(),
  query: text.nullable(),
  users: text.nullable(),
  calls: float.nullable(),
  totalMs: float.nullable(),
  meanMs: float.nullable(),
  rows: float.nullable(),
  ioMs: float.nullable(),
  tempBlks: float.nullable(),
  hitRatio: float.nullable(),
  share: float.nullable(),
  rankValue: decimalText.nullable(),
});

/**
 * The figure a page is ranked and resumed by, rounded: a float sum over the same rows can differ in its last bit
 * from one run to the next (the order rows are summed in), and a keyset needs the same value every time.
 */
const RANK_VALUE = (column: string) => `round(coalesce(${column}, 0)::numeric, 6)`;

export interface WindowCursor {
  /** The last row's rounded figure, as decimal text (exact, unlike a float). */
  value: string;
  queryId: string;
}

export interface WindowRanking {
  rows: WindowStatement[];
  totals: WindowTotals;
  /** The cursor of the next page; null on the last. */
  next: WindowCursor | null;
}

export const WINDOW_PAGE_SIZE = 50;

/** The statements of a window ranked by `order`, a page at a time (keyset on the figure, then queryid). */
export async function rankStatementsInWindow(
  target: string,
  window: TimeWindow,
  order: WindowOrder,
  after: WindowCursor | null = null,
  pageSize = WINDOW_PAGE_SIZE,
): Promise<WindowRanking> {
  const column = WINDOW_ORDER[order];
  const params = await windowParams(target, window);
  const statements = `
    ${WINDOW_ROWS},
    per_statement AS (
      SELECT queryid, sum(calls)::float8 AS calls, sum(total_ms)::float8 AS total_ms,
        (sum(total_ms) / nullif(sum(calls), 0))::float8 AS mean_ms, sum(rows)::float8 AS rows,
        sum(blk_io_ms)::float8 AS io_ms, sum(temp_blks)::float8 AS temp_blks,
        (sum(shared_blks_hit) / nullif(sum(shared_blks_hit) + sum(shared_blks_read), 0))::float8 AS hit_ratio,
        array_agg(DISTINCT userid) AS userids,
        -- With pg_stat_statements.track = all a nested statement's time is inside its caller's as well: the
        -- window's database time counts top-level statements only.
        coalesce(sum(total_ms) FILTER (WHERE toplevel IS NOT FALSE), 0)::float8 AS top_level_ms
      FROM window_rows
      GROUP BY queryid
    )`;
  // One aggregation of the window (the CTE is computed once): the totals on every row, the page's statements beside
  // them — and a lone totals row when the page is empty.
  const rows = parseRows(
    windowPageRow,
    await getPrisma().$queryRawUnsafe(
      `WITH ${statements},
       everything AS (
         SELECT count(*) FILTER (WHERE queryid IS NOT NULL)::float8 AS statements,
           coalesce(sum(top_level_ms), 0)::float8 AS all_ms,
           coalesce(sum(total_ms) FILTER (WHERE queryid IS NULL), 0)::float8 AS others_ms,
           coalesce(sum(calls) FILTER (WHERE queryid IS NULL), 0)::float8 AS others_calls
         FROM per_statement
       ),
       page AS (
         SELECT row_number() OVER (ORDER BY s.rank_value DESC, s.queryid) AS rank, s.*
         FROM (SELECT *, ${RANK_VALUE(column)} AS rank_value FROM per_statement) s
         WHERE s.queryid IS NOT NULL
           AND ($6::numeric IS NULL OR s.rank_value < $6 OR (s.rank_value = $6 AND s.queryid > $7::bigint))
         ORDER BY s.rank_value DESC, s.queryid
         LIMIT $8
       )
       SELECT e.statements AS "statements", e.all_ms AS "allMs", e.others_ms AS "othersMs",
         e.others_calls AS "othersCalls",
         p.queryid::text AS "queryId", p.rank_value::text AS "rankValue", left(t.query, 1000) AS "query",
         (SELECT string_agg(u.name, ', ' ORDER BY u.name) FROM console.statement_user u
          WHERE u.target = $1 AND u.userid = ANY(p.userids)) AS "users",
         p.calls AS "calls", p.total_ms AS "totalMs", coalesce(p.mean_ms, 0) AS "meanMs", p.rows AS "rows",
         p.io_ms AS "ioMs", p.temp_blks AS "tempBlks", p.hit_ratio AS "hitRatio",
         (p.total_ms / nullif(e.all_ms, 0))::float8 AS "share"
       FROM everything e
       LEFT JOIN page p ON true
       LEFT JOIN console.statement_text t ON t.target = $1 AND t.queryid = p.queryid
       ORDER BY p.rank`,
      ...params,
      after?.value ?? null,
      after?.queryId ?? null,
      pageSize + 1,
    ),
  );
  const [first] = rows;
  const totals: WindowTotals = {
    statements: first!.statements,
    totalMs: first!.allMs,
    othersMs: first!.othersMs,
    othersCalls: first!.othersCalls,
  };
  // The totals come on every row, and alone (no statement) when the page is empty.
  const page = rows.filter((row) => row.queryId !== null).map((row) => rankedRow.parse(row));
  const more = page.length > pageSize;
  const shown = page.slice(0, pageSize);
  const last = shown.at(-1);
  return {
    rows: shown,
    totals,
    next: more && last ? { value: last.rankValue, queryId: last.queryId } : null,
  };
}

/** Buckets a chart of the window is drawn with. */
const CHART_BUCKETS = 60;

/** Bucket width: windows up to six hours from minute rows, longer ones by whole hours. */
export function bucketSeconds(window: TimeWindow, buckets = CHART_BUCKETS): number {
  const span = (window.to.getTime() - window.from.getTime()) / 1000;
  const width = Math.max(60, Math.ceil(span / buckets / 60) * 60);
  return span * 1000 > MINUTES_ONLY_MS ? Math.ceil(width / 3600) * 3600 : width;
}

/**
 * The window's buckets (their starts, epoch ms; a bucket holds the intervals that ended in it), and whether each was
 * collected at all — with the window's coverage, read at the same time as `rows`.
 */
async function bucketsOf<T>(
  target: string,
  window: TimeWindow,
  width: number,
  rows: Promise<T>,
): Promise<{ first: number; buckets: number[]; collected: boolean[]; coverage: WindowCoverage; rows: T }> {
  const first = Math.floor(window.from.getTime() / 1000 / width);
  const last = Math.floor((window.to.getTime() / 1000 - 1) / width);
  const buckets = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => (first + i) * width * 1000);
  const [coverage, read] = await Promise.all([loadCoverage(target, window, width), rows]);
  const span = { from: window.from.getTime(), to: window.to.getTime() };
  return {
    first,
    buckets,
    collected: findCollectedBuckets(buckets, width * 1000, span, coverage),
    coverage,
    rows: read,
  };
}

const seriesRow = z.object({ key: text, bucket: float, totalMs: float, calls: float });

export interface TimeShareSeries {
  /** Bucket start, epoch ms. */
  buckets: number[];
  bucketSeconds: number;
  /**
   * Per key (queryid, or "other"): milliseconds of execution per second in each bucket (average sessions × 1000);
   * null in a bucket nothing was collected for, 0 in one collected while the statement did not run.
   */
  series: Record<string, (number | null)[]>;
  /** Per key: calls in each bucket (null likewise). */
  calls: Record<string, (number | null)[]>;
  /** The window's gaps and evictions, for the charts' marks and notice. */
  coverage: WindowCoverage;
}

/**
 * Execution time per bucket for the given statements, everything else summed as "other" — the stacked chart of
 * the top statements' share of database time, and (with every statement of a page) their sparklines.
 */
export async function loadTimeSeries(
  target: string,
  window: TimeWindow,
  queryIds: readonly string[],
  withOthers: boolean,
): Promise<TimeShareSeries> {
  const width = bucketSeconds(window);
  const params = await windowParams(target, window);
  const read = getPrisma().$queryRawUnsafe(
    `WITH ${WINDOW_ROWS}
     SELECT CASE WHEN queryid = ANY($6::bigint[]) THEN queryid::text ELSE 'other' END AS "key",
       floor((extract(epoch FROM t) - 1) / $7)::float8 AS "bucket",
       sum(total_ms)::float8 AS "totalMs", sum(calls)::float8 AS "calls"
     FROM window_rows
     WHERE ($8 AND toplevel IS NOT FALSE) OR queryid = ANY($6::bigint[])
     GROUP BY 1, 2`,
    ...params,
    queryIds,
    width,
    withOthers,
  );
  const { first, buckets, collected, coverage, rows } = await bucketsOf(target, window, width, read);
  const keys = [...queryIds, ...(withOthers ? ['other'] : [])];
  const series = Object.fromEntries(keys.map((key) => [key, buckets.map(() => 0)]));
  const calls = Object.fromEntries(keys.map((key) => [key, buckets.map(() => 0)]));
  for (const row of parseRows(seriesRow, rows)) {
    const index = row.bucket - first;
    if (!series[row.key] || index < 0 || index >= buckets.length) continue;
    series[row.key][index] += row.totalMs / width;
    calls[row.key][index] += row.calls;
  }
  const mask = (values: Record<string, number[]>) =>
    Object.fromEntries(Object.entries(values).map(([key, list]) => [key, maskUncollected(list, collected)]));
  return { buckets, bucketSeconds: width, series: mask(series), calls: mask(calls), coverage };
}

const statementBucketRow = z.object({
  bucket: float,
  calls: float,
  totalMs: float,
  rows: float,
  hit: float,
  read: float,
  ioMs: float,
});

export interface StatementPoint {
  /** Bucket start, epoch ms. */
  t: number;
  /** Null in a bucket nothing was collected for (a gap), 0 in one collected while the statement did not run. */
  callsPerSecond: number | null;
  /** Mean execution time of the bucket's calls; null when it had none (or was not collected). */
  meanMs: number | null;
  rowsPerCall: number | null;
  hitRatio: number | null;
  ioMs: number | null;
}

export interface StatementSeries {
  points: StatementPoint[];
  bucketSeconds: number;
  coverage: WindowCoverage;
}

/** One statement's figures per bucket of the window (its page's charts). Rates are over the bucket's width. */
export async function loadStatementSeries(
  target: string,
  window: TimeWindow,
  queryId: string,
): Promise<StatementSeries> {
  const width = bucketSeconds(window);
  const { first, buckets, collected, coverage, rows } = await bucketsOf(
    target,
    window,
    width,
    getPrisma().$queryRawUnsafe(
      `WITH ${WINDOW_ROWS}
       SELECT floor((extract(epoch FROM t) - 1) / $7)::float8 AS "bucket", sum(calls)::float8 AS "calls",
         sum(total_ms)::float8 AS "totalMs", sum(rows)::float8 AS "rows", sum(shared_blks_hit)::float8 AS "hit",
         sum(shared_blks_read)::float8 AS "read", sum(blk_io_ms)::float8 AS "ioMs"
       FROM window_rows
       WHERE queryid = $6::bigint
       GROUP BY 1`,
      ...(await windowParams(target, window)),
      queryId,
      width,
    ),
  );
  const byBucket = new Map(parseRows(statementBucketRow, rows).map((row) => [row.bucket, row]));
  const points = buckets.map((t, index): StatementPoint => {
    const row = byBucket.get(first + index);
    const calls = row?.calls ?? 0;
    if (!collected[index])
      return { t, callsPerSecond: null, meanMs: null, rowsPerCall: null, hitRatio: null, ioMs: null };
    return {
      t,
      callsPerSecond: calls / width,
      meanMs: row && calls > 0 ? row.totalMs / calls : null,
      rowsPerCall: row && calls > 0 ? row.rows / calls : null,
      hitRatio: row && row.hit + row.read > 0 ? row.hit / (row.hit + row.read) : null,
      ioMs: row?.ioMs ?? 0,
    };
  });
  return { points, bucketSeconds: width, coverage };
}

const detailRow = z.object({
  query: text.nullable(),
  firstSeen: timestamp.nullable(),
  lastSeen: timestamp.nullable(),
  users: text.nullable(),
});
export type StatementDetail = z.output<typeof detailRow>;

/**
 * A statement's stored text, when it was first seen and last ran (the newest minute row, else the newest hour),
 * and the users that ran it. Null when the history has never seen it.
 */
export async function findStatementDetail(target: string, queryId: string): Promise<StatementDetail | null> {
  const [row] = parseRows(
    detailRow,
    await getPrisma().$queryRawUnsafe(
      `SELECT t.query, t.first_seen AS "firstSeen",
         coalesce(
           (SELECT max(sampled_at) FROM console.statement_minute
            WHERE target = $1 AND queryid = $2::bigint
              AND sampled_at > coalesce((SELECT rolled_through FROM console.statement_rollup WHERE target = $1), '-infinity')),
           (SELECT max(hour) + interval '1 hour' FROM console.statement_hour WHERE target = $1 AND queryid = $2::bigint)
         ) AS "lastSeen",
         (SELECT string_agg(DISTINCT u.name, ', ') FROM console.statement_hour h
          JOIN console.statement_user u ON u.target = h.target AND u.userid = h.userid
          WHERE h.target = $1 AND h.queryid = $2::bigint) AS "users"
       FROM (SELECT 1) AS one
       LEFT JOIN console.statement_text t ON t.target = $1 AND t.queryid = $2::bigint`,
      target,
      queryId,
    ),
  );
  return row && (row.query !== null || row.lastSeen !== null) ? row : null;
}

export interface StatementSums {
  calls: number;
  totalMs: number;
}

/** Every statement's calls and time within a window (the "all others" row left out). */
export async function sumByStatement(target: string, window: TimeWindow): Promise<Map<string, StatementSums>> {
  const rows = parseRows(
    z.object({ queryId: text, calls: float, totalMs: float }),
    await getPrisma().$queryRawUnsafe(
      `WITH ${WINDOW_ROWS}
       SELECT queryid::text AS "queryId", sum(calls)::float8 AS "calls", sum(total_ms)::float8 AS "totalMs"
       FROM window_rows
       WHERE queryid IS NOT NULL
       GROUP BY queryid`,
      ...(await windowParams(target, window)),
    ),
  );
  return new Map(rows.map((row) => [row.queryId, { calls: row.calls, totalMs: row.totalMs }]));
}
