/**
 * The rollups' reads of the watched database (the routed target: lib/tables/read-route.ts), each through the time
 * index of its source table and bounded by a time range, under the monitoring pool's statement and lock timeouts
 * (lib/pg/client.ts). Aggregates come back as one JSON text, passed to the console store untouched, so NUMERIC sums
 * stay exact end to end.
 */
import 'server-only';
import { z } from 'zod';
import { query, queryOne } from '../../../pg/client';
import { int, text } from '../../../pg/rows';
import { ROLLUP_SOURCES, type RollupPart, type RollupSource } from './definitions';
import { sliceEnd, sliceStart, type Slice } from './naive-time';

/** The tail start of a read without a tail: no finite time is at or after it. */
export const NO_TAIL = 'infinity';

/**
 * The times the rollups count: years 1 to 9999. A row at 'infinity' (a cache entry that never expires) or beyond
 * would make the day walk loop and has no day to be shown on; such rows are left out of every figure.
 */
const FIRST_TIME = '0001-01-01 00:00:00';
const LAST_TIME = '9999-12-31 23:59:59.999';

export interface SourceClock {
  /** The server's local time: "today" for the pages. */
  now: string;
  /**
   * The newest time whose rows the server can show: its local time on a primary; on a replica, that time less its
   * replay lag (rows committed on the primary since are not visible yet), so the watermark never passes rows the
   * replica has still to replay.
   */
  visible: string;
}

export async function getSourceClock(): Promise<SourceClock> {
  return queryOne(
    z.object({ now: text, visible: text }),
    `SELECT to_char(localtimestamp, 'YYYY-MM-DD HH24:MI:SS.US') AS now,
            to_char(localtimestamp - CASE WHEN pg_is_in_recovery()
                                          THEN greatest(now() - coalesce(pg_last_xact_replay_timestamp(), now()), interval '0')
                                          ELSE interval '0' END,
                    'YYYY-MM-DD HH24:MI:SS.US') AS visible`,
  );
}

/** One part's aggregate of the rows with time in [from, to), rows at or after tailFrom marked as tail, as JSON. */
export async function aggregatePart(part: RollupPart, from: string, to: string, tailFrom: string): Promise<string> {
  const { rows } = await queryOne(
    z.object({ rows: text }),
    `SELECT coalesce(json_agg(aggregate), '[]')::text AS rows FROM (${part.select}) AS aggregate`,
    part.wholeDayOnly ? [from, to] : [from, to, tailFrom],
  );
  return rows;
}

/**
 * Each part's aggregate of the rows with time in [from, to), none of them tail. Parts computed only from whole days
 * (exact percentiles) are read only when `wholeDays` says the range is whole days; otherwise they come back empty.
 */
export async function aggregateRange(
  source: RollupSource,
  from: string,
  to: string,
  wholeDays: boolean,
): Promise<string[]> {
  const parts: string[] = [];
  for (const part of source.parts)
    parts.push(part.wholeDayOnly && !wholeDays ? '[]' : await aggregatePart(part, from, to, NO_TAIL));
  return parts;
}

/**
 * The rows of a run of slices of one day (./store.ts writeSlices) before `until` (the last slice's end when omitted):
 * whole slices, or an open day's sealed part, up to the watermark.
 */
export async function aggregateSlices(
  source: RollupSource,
  slices: readonly Slice[],
  until?: string,
): Promise<string[]> {
  return aggregateRange(
    source,
    sliceStart(slices[0]),
    until ?? sliceEnd(slices[slices.length - 1]),
    until === undefined,
  );
}

/** count(*) of the rows with time in [from, to): an index range scan, index-only where the visibility map allows. */
export async function countRange(source: RollupSource, from: string, to: string): Promise<number> {
  return (
    await queryOne(
      z.object({ rows: int }),
      `SELECT count(*) AS rows FROM ${source.table} WHERE ${source.time} >= $1::timestamp AND ${source.time} < $2::timestamp`,
      [from, to],
    )
  ).rows;
}

/** Most days a table is expected to span; the walk stops there rather than run away on a corrupt far-future row. */
const MAX_DAYS = 20_000;

/**
 * The days that have rows, by a loose index scan: one probe of the time index per day (min() of the rest), so a
 * table of ten million rows over 90 days costs 90 probes, not a scan.
 */
export async function listSourceDays(source: RollupSource): Promise<string[]> {
  const rows = await query(
    z.object({ day: text }),
    `WITH RECURSIVE days(day, depth) AS (
       SELECT (SELECT date_trunc('day', min(${source.time})) FROM ${source.table}
               WHERE ${source.time} >= $2::timestamp AND ${source.time} <= $3::timestamp), 1
       UNION ALL
       SELECT (SELECT date_trunc('day', min(${source.time})) FROM ${source.table}
               WHERE ${source.time} >= days.day + interval '1 day' AND ${source.time} <= $3::timestamp), depth + 1
       FROM days WHERE days.day IS NOT NULL AND depth < $1
     )
     SELECT to_char(day, 'YYYY-MM-DD') AS day FROM days WHERE day IS NOT NULL`,
    [MAX_DAYS, FIRST_TIME, LAST_TIME],
  );
  return rows.map((row) => row.day);
}

/** The planner's row count of every rollup source table (pg_class.reltuples; null before the first ANALYZE). */
export async function estimateSourceRows(): Promise<Map<string, number | null>> {
  const rows = await query(
    z.object({ table: text, rows: int.nullable() }),
    `SELECT c.relname AS "table", CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS rows
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relname = ANY($1::text[])`,
    [ROLLUP_SOURCES.map((source) => source.table)],
  );
  return new Map(rows.map((row) => [row.table, row.rows]));
}
