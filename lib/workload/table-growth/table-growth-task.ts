/**
 * Table growth (issue 16): every 15 minutes, each target's 500 largest tables by total size and their estimated
 * rows, and its 500 largest indexes, stored as one snapshot in the console store, so the Space page reads sizes from the store instead of
 * measuring every table of the watched server on each view (0.8–2.0 s cold at 10,000 tables) and can chart growth.
 *
 * Storage is a plain table (prisma/migrations/20261205020000_table_growth): 500 rows × 96 snapshots a day is 48,000
 * rows per target per day, and retention deletes the few snapshots that aged out since its last run through the
 * primary key's range — small deletes autovacuum keeps up with, unlike the statement minutes' millions of rows,
 * which is why those are day-partitioned and these are not. Kept STATEMENT_HISTORY_DAYS like the rest of the
 * workload history. The indexes (prisma/migrations/20261205060000_index_size_snapshot) let the Space page list
 * indexes by size without stat'ing every index file of the watched server on each view.
 */
import 'server-only';
import { getPrisma } from '../../db';
import type { Env } from '../../env';
import {
  getIndexSizeSnapshot,
  getTableSizeSnapshot,
  type IndexSizeSnapshot,
  type TableSizeSnapshot,
} from '../../pg/space';
import type { Target } from '../../targets/registry';
import type { WorkloadTask } from '../collector';

/** Every 15 minutes: sizes change slowly, and a measurement stats every relation's files on the watched server. */
export const TABLE_GROWTH_INTERVAL_MS = 15 * 60_000;

/** The largest tables, and the largest indexes, kept per snapshot (issue 16): bounds the store whatever the count. */
export const TABLES_PER_SNAPSHOT = 500;
export const INDEXES_PER_SNAPSHOT = 500;

const DAY_MS = 86_400_000;

/** Stores one snapshot and its round in one transaction: a reader never sees a round without its tables. */
export async function storeTableSizeSnapshot(
  target: string,
  takenAt: Date,
  snapshot: TableSizeSnapshot & IndexSizeSnapshot,
  measuredMs: number,
): Promise<void> {
  const { tables, indexes } = snapshot;
  await getPrisma().$transaction([
    getPrisma().$executeRawUnsafe(
      `INSERT INTO console.table_size_round (target, taken_at, table_count, index_count, measured_ms)
       VALUES ($1, $2::timestamptz, $3, $4, $5)
       ON CONFLICT (target, taken_at) DO NOTHING`,
      target,
      takenAt,
      snapshot.tableCount,
      snapshot.indexCount,
      measuredMs,
    ),
    getPrisma().$executeRawUnsafe(
      `INSERT INTO console.index_size_snapshot (target, taken_at, schema_name, table_name, index_name, size_bytes)
       SELECT $1, $2::timestamptz, s, t, i, b
       FROM unnest($3::text[], $4::text[], $5::text[], $6::bigint[]) AS r(s, t, i, b)
       ON CONFLICT DO NOTHING`,
      target,
      takenAt,
      indexes.map((index) => index.schema),
      indexes.map((index) => index.table),
      indexes.map((index) => index.index),
      indexes.map((index) => index.sizeBytes),
    ),
    getPrisma().$executeRawUnsafe(
      `INSERT INTO console.table_size_snapshot
         (target, taken_at, schema_name, table_name, total_bytes, table_bytes, index_bytes, est_rows)
       SELECT $1, $2::timestamptz, s, t, total, total - idx, idx, est
       FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[]) AS r(s, t, total, idx, est)
       ON CONFLICT DO NOTHING`,
      target,
      takenAt,
      tables.map((table) => table.schema),
      tables.map((table) => table.table),
      tables.map((table) => table.totalBytes),
      tables.map((table) => table.indexBytes),
      tables.map((table) => (table.estimatedRows === null ? null : Math.round(table.estimatedRows))),
    ),
  ]);
}

/**
 * Deletes every snapshot taken before `before`, on every target (including targets since removed). The rounds
 * (about 1,300 per target at 14 days) name the snapshots, and each is deleted through the primary key's
 * (target, taken_at) prefix — a condition on taken_at alone could not use that index.
 */
export async function deleteTableSizeSnapshotsBefore(before: Date): Promise<void> {
  await getPrisma().$transaction([
    ...['table_size_snapshot', 'index_size_snapshot'].map((table) =>
      getPrisma().$executeRawUnsafe(
        `DELETE FROM console.${table} s
         USING console.table_size_round r
         WHERE r.taken_at < $1::timestamptz AND s.target = r.target AND s.taken_at = r.taken_at`,
        before,
      ),
    ),
    getPrisma().$executeRawUnsafe(`DELETE FROM console.table_size_round WHERE taken_at < $1::timestamptz`, before),
  ]);
}

export function createTableGrowthTask(): WorkloadTask {
  return {
    name: 'table-growth',
    intervalMs: () => TABLE_GROWTH_INTERVAL_MS,
    async collect(target: Target, now: Date) {
      const started = performance.now();
      const tables = await getTableSizeSnapshot(TABLES_PER_SNAPSHOT);
      const indexes = await getIndexSizeSnapshot(INDEXES_PER_SNAPSHOT);
      await storeTableSizeSnapshot(target.name, now, { ...tables, ...indexes }, performance.now() - started);
    },
    async retire(env: Env, now: Date) {
      await deleteTableSizeSnapshotsBefore(new Date(now.getTime() - env.STATEMENT_HISTORY_DAYS * DAY_MS));
    },
  };
}
