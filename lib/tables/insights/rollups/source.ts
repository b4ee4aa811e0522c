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

/** The upper bound of an open range and the tail start of a read without a tail. */
export const OPEN_END = 'infinity';

export async function readSourceNow(): Promise<string> {
  return (await queryOne(z.object({ now: text }), `SELECT localtimestamp::text AS now`)).now;
}

/** One part's aggregate of the rows with time in [from, to), rows at or after tailFrom marked as tail, as JSON. */
export async function readPart(part: RollupPart, from: string, to: string, tailFrom: string): Promise<string> {
  const { rows } = await queryOne(
    z.object({ rows: text }),
    `SELECT coalesce(json_agg(aggregate), '[]')::text AS rows FROM (${part.select}) AS aggregate`,
    part.wholeDayOnly ? [from, to] : [from, to, tailFrom],
  );
  return rows;
}

/**
 * The rows of a slice before `until` (a naive timestamp; the slice's end when omitted): the whole slice, or an open
 * day's sealed part, up to the watermark. Parts computed only from whole days (exact percentiles) are read only for
 * a whole slice; for a part they come back as an empty list.
 */
export async function readSlice(source: RollupSource, slice: Slice, until?: string): Promise<string[]> {
  const parts: string[] = [];
  for (const part of source.parts) {
    if (until !== undefined && part.wholeDayOnly) parts.push('[]');
    else parts.push(await readPart(part, sliceStart(slice), until ?? sliceEnd(slice), OPEN_END));
  }
  return parts;
}

/** count(*) of a slice's rows before `until` (its end when omitted): an index range scan, index-only where it can be. */
export async function countSlice(source: RollupSource, slice: Slice, until?: string): Promise<number> {
  return (
    await queryOne(
      z.object({ rows: int }),
      `SELECT count(*) AS rows FROM ${source.table} WHERE ${source.time} >= $1::timestamp AND ${source.time} < $2::timestamp`,
      [sliceStart(slice), until ?? sliceEnd(slice)],
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
       SELECT (SELECT date_trunc('day', min(${source.time})) FROM ${source.table}), 1
       UNION ALL
       SELECT (SELECT date_trunc('day', min(${source.time})) FROM ${source.table}
               WHERE ${source.time} >= days.day + interval '1 day'), depth + 1
       FROM days WHERE days.day IS NOT NULL AND depth < $1
     )
     SELECT to_char(day, 'YYYY-MM-DD') AS day FROM days WHERE day IS NOT NULL`,
    [MAX_DAYS],
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
