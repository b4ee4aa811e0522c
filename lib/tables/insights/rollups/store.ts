/**
 * The rollups in the console store (console.insight_*): what the leader writes after each read of the watched
 * database, each write one transaction with the watermark it advances, so a cycle is recorded whole or not at all
 * and a row is never folded in twice. Table and column names come only from the registry (./definitions.ts); every
 * value is bound.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../../../db';
import type { Prisma } from '../../../generated/prisma/client';
import { parseRows, text, timestamp } from '../../../pg/rows';
import {
  ROLLUP_SOURCES,
  type RollupColumn,
  type RollupPart,
  type RollupSource,
  type RollupTableName,
} from './definitions';
import { WHOLE_DAY, type Slice } from './naive-time';

type Tx = Prisma.TransactionClient;

const quote = (name: string) => `"${name}"`;

function recordsetColumns(part: RollupPart): RollupColumn[] {
  const day: RollupColumn = { name: 'day', type: 'text' };
  const tail: RollupColumn[] = part.wholeDayOnly ? [] : [{ name: 'tail', type: 'text' }];
  return [day, ...tail, ...part.keys, ...part.values];
}

/** `jsonb_to_recordset($1)` typed by the part's columns; day as date, tail as boolean. */
function recordset(part: RollupPart): string {
  const types = recordsetColumns(part).map((column) => {
    const type = column.name === 'day' ? 'date' : column.name === 'tail' ? 'boolean' : column.type;
    return `${quote(column.name)} ${type}`;
  });
  return `jsonb_to_recordset($1::jsonb) AS r(${types.join(', ')})`;
}

function columnList(part: RollupPart): string {
  return recordsetColumns(part)
    .map((column) => quote(column.name))
    .join(', ');
}

/**
 * The part's rows of `json` as one row per key: rows read in pieces (a recount in steps) may hold a key more than
 * once, merged by the registry's rule. A part whose values have no rule (its keys are unique in the source) as is.
 */
function mergedRows(part: RollupPart): string {
  if (!part.values.every((value) => value.merge)) return `SELECT ${columnList(part)} FROM ${recordset(part)}`;
  const keys = recordsetColumns(part)
    .filter((column) => !part.values.includes(column))
    .map((column) => quote(column.name))
    .join(', ');
  const values = part.values.map((value) => `${value.merge === 'max' ? 'max' : 'sum'}(${quote(value.name)})`);
  return `SELECT ${keys}, ${values.join(', ')} FROM ${recordset(part)} GROUP BY ${keys}`;
}

/** The SET list that adds `excluded` values to a part's row by the registry's merge rules. */
function mergeUpdates(part: RollupPart): string {
  return part.values
    .map((value) => {
      const name = quote(value.name);
      if (!value.merge) throw new Error(`${part.store}.${value.name} has no merge rule: it cannot take a delta.`);
      return value.merge === 'max'
        ? `${name} = greatest(t.${name}, excluded.${name})`
        : `${name} = t.${name} + excluded.${name}`;
    })
    .join(', ');
}

const conflictKey = (part: RollupPart) => ['day', 'tail', ...part.keys.map((key) => key.name)].map(quote).join(', ');

/** Adds the sealed rows of `json` to the part's day rows (merge by the registry's rule). */
async function mergeSealed(tx: Tx, part: RollupPart, json: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO console.${part.store} AS t (${columnList(part)})
     SELECT ${columnList(part)} FROM ${recordset(part)} WHERE NOT r.tail
     ON CONFLICT (${conflictKey(part)}) DO UPDATE SET ${mergeUpdates(part)}`,
    json,
  );
}

/** Adds the stored tail rows to the part's day rows, as sealed: the tail was confirmed by a count. */
async function sealStoredTail(tx: Tx, part: RollupPart): Promise<void> {
  const columns = columnList(part);
  await tx.$executeRawUnsafe(
    `INSERT INTO console.${part.store} AS t (${columns})
     SELECT ${columns.replace('"tail"', 'false')} FROM console.${part.store} WHERE tail
     ON CONFLICT (${conflictKey(part)}) DO UPDATE SET ${mergeUpdates(part)}`,
  );
}

/** Replaces the part's tail rows (the late-arrival window) with those of `json`. */
async function replaceTail(tx: Tx, part: RollupPart, json: string): Promise<void> {
  await tx.$executeRawUnsafe(`DELETE FROM console.${part.store} WHERE tail`);
  await tx.$executeRawUnsafe(
    `INSERT INTO console.${part.store} (${columnList(part)}) SELECT ${columnList(part)} FROM ${recordset(part)} WHERE r.tail`,
    json,
  );
}

/** Per day, the sealed rows of a delta: parts[0]'s `rows` summed. */
async function addDayRows(tx: Tx, source: RollupSource, json: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO console.insight_day AS d (table_name, day, rows)
     SELECT $2, r.day, sum(r.rows) FROM jsonb_to_recordset($1::jsonb) AS r(day date, tail boolean, rows bigint)
     WHERE NOT r.tail GROUP BY r.day
     ON CONFLICT (table_name, day, minute) DO UPDATE SET rows = d.rows + excluded.rows`,
    json,
    source.table,
  );
}

/** Per day, the stored tail's rows (parts[0]'s `rows`), as sealed: the tail was confirmed by a count. */
async function addStoredTailDayRows(tx: Tx, source: RollupSource): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO console.insight_day AS d (table_name, day, rows)
     SELECT $1, day, sum(rows) FROM console.${source.parts[0].store} WHERE tail GROUP BY day
     ON CONFLICT (table_name, day, minute) DO UPDATE SET rows = d.rows + excluded.rows`,
    source.table,
  );
}

/** What the tail written by an advance covers: [sealedThrough, through), and how many rows it holds. */
export interface TailMark {
  through: string;
  rows: number;
}

/**
 * Folds one read of [watermark, sealedThrough) into the rollups, replaces the tail with the read's (none while
 * catching up: the old tail overlaps what is being sealed) and moves the watermark, in one transaction.
 */
export async function writeAdvance(
  source: RollupSource,
  parts: readonly string[],
  /** The watermark this read started from as stored (null: none yet). */
  previous: string | null,
  sealedThrough: string,
  tail: TailMark,
  /**
   * The stored tail — [previous, sealedThrough) — was confirmed by a count: seal it in the store, and `parts` hold
   * only the new tail, read from sealedThrough on.
   */
  sealTailInStore = false,
): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    // Compare and set: the watermark must still be where this read started, or another process's cycle (a leader
    // that lost its lock mid-cycle) moved it and this read would be folded in twice — then nothing is written.
    await tx.$executeRawUnsafe(
      `INSERT INTO console.insight_source (table_name) VALUES ($1) ON CONFLICT DO NOTHING`,
      source.table,
    );
    const moved = await tx.$executeRawUnsafe(
      `UPDATE console.insight_source SET sealed_through = $3::timestamp, tail_through = $4::timestamp, tail_rows = $5
       WHERE table_name = $1 AND sealed_through IS NOT DISTINCT FROM $2::timestamp`,
      source.table,
      previous,
      sealedThrough,
      tail.through,
      tail.rows,
    );
    if (moved !== 1) throw new Error(`The ${source.table} watermark moved during this cycle; its read is dropped.`);
    if (sealTailInStore) await addStoredTailDayRows(tx, source);
    for (const [index, part] of source.parts.entries()) {
      if (part.wholeDayOnly) continue;
      if (sealTailInStore) await sealStoredTail(tx, part);
      else await mergeSealed(tx, part, parts[index]);
      await replaceTail(tx, part, parts[index]);
    }
    if (!sealTailInStore) await addDayRows(tx, source, parts[0]);
  });
}

/**
 * Replaces the sealed rows of a run of slices of one day (a whole day, or consecutive slots) in every part with a
 * read of them: `whole` for closed slices (they are then marked built, their exact parts written), else the sealed
 * part of the open day (still to be built when it closes). A day left without rows is forgotten; a slot without
 * rows is kept (with none), so the rotation does not find it anew. `parts` may hold a key more than once (a recount
 * read in pieces): it is merged. Returns the rows read.
 */
export async function writeSlices(
  source: RollupSource,
  slices: readonly Slice[],
  parts: readonly string[],
  whole: boolean,
): Promise<number> {
  const [{ day }] = slices;
  const minutes = slices.map((slice) => slice.minute);
  const wholeDay = minutes[0] === WHOLE_DAY;
  return getPrisma().$transaction(async (tx) => {
    for (const [index, part] of source.parts.entries()) {
      if (part.wholeDayOnly && !whole) continue;
      await tx.$executeRawUnsafe(
        `DELETE FROM console.${part.store} WHERE day = $1::date${wholeDay ? '' : ' AND minute = ANY($2::int[])'}${part.wholeDayOnly ? '' : ' AND NOT tail'}`,
        day,
        ...(wholeDay ? [] : [minutes]),
      );
      await tx.$executeRawUnsafe(
        `INSERT INTO console.${part.store} (${columnList(part)}) ${mergedRows(part)}`,
        parts[index],
      );
    }
    // Each slice's rows: parts[0]'s `rows` by minute (none for a whole day's read: its rows carry no minute).
    const counted = parseRows(
      z.object({ minute: z.coerce.number(), rows: z.coerce.number() }),
      await tx.$queryRawUnsafe(
        `SELECT m AS minute, coalesce(sum(r.rows), 0)::float8 AS rows
         FROM unnest($2::int[]) AS m
         LEFT JOIN jsonb_to_recordset($1::jsonb) AS r(minute int, rows bigint) ON coalesce(r.minute, ${WHOLE_DAY}) = m
         GROUP BY m`,
        parts[0],
        minutes,
      ),
    );
    const total = counted.reduce((sum, slice) => sum + slice.rows, 0);
    if (wholeDay && total === 0)
      await tx.$executeRawUnsafe(
        `DELETE FROM console.insight_day WHERE table_name = $1 AND day = $2::date AND minute = $3`,
        source.table,
        day,
        WHOLE_DAY,
      );
    else
      await tx.$executeRawUnsafe(
        `INSERT INTO console.insight_day (table_name, day, minute, rows, built_at, verified_at)
         SELECT $1, $2::date, m, n, CASE WHEN $5 THEN now() END, now() FROM unnest($3::int[], $4::bigint[]) AS s(m, n)
         ON CONFLICT (table_name, day, minute) DO UPDATE SET rows = excluded.rows, built_at = excluded.built_at, verified_at = now()`,
        source.table,
        day,
        counted.map((slice) => slice.minute),
        counted.map((slice) => slice.rows),
        whole,
      );
    return total;
  });
}

/** Days the source no longer has any row of: their rollups go without a read. */
export async function forgetDays(source: RollupSource, days: readonly string[]): Promise<void> {
  if (days.length === 0) return;
  await getPrisma().$transaction(async (tx) => {
    for (const part of source.parts)
      await tx.$executeRawUnsafe(
        `DELETE FROM console.${part.store} WHERE day = ANY($1::date[])${part.wholeDayOnly ? '' : ' AND NOT tail'}`,
        days,
      );
    await tx.$executeRawUnsafe(
      `DELETE FROM console.insight_day WHERE table_name = $1 AND day = ANY($2::date[])`,
      source.table,
      days,
    );
  });
}

export interface StoredSlice extends Slice {
  table: RollupTableName;
  rows: number;
  builtAt: Date | null;
  verifiedAt: Date | null;
}

const storedSliceRow = z.object({
  table: text,
  day: text,
  minute: z.coerce.number(),
  rows: z.coerce.number(),
  builtAt: timestamp.nullable(),
  verifiedAt: timestamp.nullable(),
});

export async function listStoredSlices(): Promise<StoredSlice[]> {
  const rows = parseRows(
    storedSliceRow,
    await getPrisma().$queryRawUnsafe(
      `SELECT table_name AS "table", day::text AS day, minute::int AS minute, rows::float8 AS rows, built_at AS "builtAt",
              verified_at AS "verifiedAt"
       FROM console.insight_day`,
    ),
  );
  return rows as StoredSlice[];
}

/** A verified slice: its count matched the source's. */
export async function markVerified(table: RollupTableName, slice: Slice): Promise<void> {
  await getPrisma().$executeRawUnsafe(
    `UPDATE console.insight_day SET verified_at = now() WHERE table_name = $1 AND day = $2::date AND minute = $3`,
    table,
    slice.day,
    slice.minute,
  );
}

/** Slices to count whole again: found wrong, or newly seen in the source. */
export async function markForRebuild(table: RollupTableName, slices: readonly Slice[]): Promise<void> {
  if (slices.length === 0) return;
  await getPrisma().$executeRawUnsafe(
    `INSERT INTO console.insight_day (table_name, day, minute, rows)
     SELECT $1, d, h, 0 FROM unnest($2::date[], $3::int[]) AS s(d, h)
     ON CONFLICT (table_name, day, minute) DO UPDATE SET built_at = NULL`,
    table,
    slices.map((slice) => slice.day),
    slices.map((slice) => slice.minute),
  );
}

export interface SourceState {
  table: RollupTableName;
  sealedThrough: string | null;
  /** The stored tail covers [sealedThrough, tailThrough) and holds tailRows rows (./run-insights-cycle.ts advance). */
  tailThrough: string | null;
  tailRows: number | null;
  sourceNow: string | null;
  sourceTarget: string | null;
  rowsEstimate: number | null;
  stoppedAt: Date | null;
  stoppedBy: string | null;
  lastCycleAt: Date | null;
  failingSince: Date | null;
  lastError: string | null;
}

const sourceStateRow = z.object({
  table: text,
  sealedThrough: text.nullable(),
  tailThrough: text.nullable(),
  tailRows: z.coerce.number().nullable(),
  sourceNow: text.nullable(),
  sourceTarget: text.nullable(),
  rowsEstimate: z.coerce.number().nullable(),
  stoppedAt: timestamp.nullable(),
  stoppedBy: text.nullable(),
  lastCycleAt: timestamp.nullable(),
  failingSince: timestamp.nullable(),
  lastError: text.nullable(),
});

export async function listSourceStates(): Promise<Map<RollupTableName, SourceState>> {
  const rows = parseRows(
    sourceStateRow,
    await getPrisma().$queryRawUnsafe(
      `SELECT table_name AS "table", to_char(sealed_through, 'YYYY-MM-DD HH24:MI:SS.MS') AS "sealedThrough",
              to_char(tail_through, 'YYYY-MM-DD HH24:MI:SS.MS') AS "tailThrough", tail_rows::float8 AS "tailRows",
              to_char(source_now, 'YYYY-MM-DD HH24:MI:SS.MS') AS "sourceNow", source_target AS "sourceTarget",
              rows_estimate::float8 AS "rowsEstimate", stopped_at AS "stoppedAt", stopped_by AS "stoppedBy",
              last_cycle_at AS "lastCycleAt", failing_since AS "failingSince", last_error AS "lastError"
       FROM console.insight_source`,
    ),
  );
  return new Map(rows.map((row) => [row.table as RollupTableName, row as SourceState]));
}

/** What a cycle learnt about one table: when it ran, against what, and whether its reads failed. */
export interface CycleOutcome {
  table: RollupTableName;
  sourceNow: string | null;
  sourceTarget: string;
  rowsEstimate?: number | null;
  /** The table's reads failed: it is "failing" and its figures stay as they were. */
  error: string | null;
  /** The cycle went through but something is put aside (a slice too big to count): shown beside "current". */
  warning?: string | null;
}

export async function writeCycleOutcomes(outcomes: readonly CycleOutcome[]): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    for (const outcome of outcomes) {
      await tx.$executeRawUnsafe(
        `INSERT INTO console.insight_source AS s (table_name, source_now, source_target, rows_estimate, last_cycle_at, failing_since, last_error)
         VALUES ($1, $2::timestamp, $3, $4::bigint, CASE WHEN $5::text IS NULL THEN now() END,
                 CASE WHEN $5::text IS NULL THEN NULL ELSE now() END, coalesce($5::text, $7::text))
         ON CONFLICT (table_name) DO UPDATE SET
           source_now = coalesce(excluded.source_now, s.source_now),
           source_target = excluded.source_target,
           rows_estimate = CASE WHEN $6 THEN excluded.rows_estimate ELSE s.rows_estimate END,
           last_cycle_at = CASE WHEN $5::text IS NULL THEN now() ELSE s.last_cycle_at END,
           failing_since = CASE WHEN $5::text IS NULL THEN NULL ELSE coalesce(s.failing_since, now()) END,
           last_error = coalesce($5::text, $7::text)`,
        outcome.table,
        outcome.sourceNow,
        outcome.sourceTarget,
        outcome.rowsEstimate ?? null,
        outcome.error,
        outcome.rowsEstimate !== undefined,
        outcome.warning ?? null,
      );
    }
  });
}

/** Stops (or resumes) the upkeep and build of one table's rollups; the leader skips a stopped table. */
export async function writeStopped(table: RollupTableName, stoppedBy: string | null, tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO console.insight_source AS s (table_name, stopped_at, stopped_by)
     VALUES ($1, CASE WHEN $2::text IS NULL THEN NULL ELSE now() END, $2::text)
     ON CONFLICT (table_name) DO UPDATE SET stopped_at = excluded.stopped_at, stopped_by = excluded.stopped_by`,
    table,
    stoppedBy,
  );
}

/** Every rollup row of every table, for a test or a full rebuild. */
export async function clearRollups(): Promise<void> {
  const stores = [...new Set(ROLLUP_SOURCES.flatMap((source) => source.parts.map((part) => part.store)))];
  await getPrisma().$executeRawUnsafe(
    `TRUNCATE ${[...stores, 'insight_day', 'insight_source'].map((name) => `console.${name}`).join(', ')}`,
  );
}
