/**
 * Reads of the stored table-size snapshots (./table-growth-task.ts) for the Space page: the newest snapshot's tables
 * and its indexes, keyset-paged; one table's sizes over a window; the tables that grew most over a window. Each is an index range
 * of the console store — none reaches the watched server.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../../db';
import type { KeysetPage } from '../../pg/space';
import { float, parseRows, text, timestamp } from '../../pg/rows';
import type { IndexSizeCursor, SnapshotCursor, SnapshotSort } from '../../space/space-view';

const roundRow = z.object({
  takenAt: timestamp,
  tableCount: float,
  /** Null for rounds taken before indexes were kept (prisma/migrations/20261205060000_index_size_snapshot). */
  indexCount: float.nullable(),
  measuredMs: float,
});
export type TableSizeRound = z.output<typeof roundRow>;

/** The newest snapshot of `target`, or null before the first. */
export async function findLatestTableSizeRound(target: string): Promise<TableSizeRound | null> {
  const rows = parseRows(
    roundRow,
    await getPrisma().$queryRawUnsafe(
      `SELECT taken_at AS "takenAt", table_count AS "tableCount", index_count AS "indexCount",
              measured_ms AS "measuredMs"
       FROM console.table_size_round
       WHERE target = $1
       ORDER BY taken_at DESC
       LIMIT 1`,
      target,
    ),
  );
  return rows[0] ?? null;
}

const storedTableRow = z.object({
  schema: text,
  table: text,
  totalBytes: float,
  tableBytes: float,
  indexBytes: float,
  estimatedRows: float.nullable(),
});
export type StoredTableSize = z.output<typeof storedTableRow>;

/** The snapshot list's orders: the sort value (a NULL row estimate sorts as -1, below every table), largest first. */
const SNAPSHOT_ORDER: Record<Exclude<SnapshotSort, 'name'>, string> = {
  total: 'total_bytes',
  table: 'table_bytes',
  index: 'index_bytes',
  rows: 'coalesce(est_rows, -1)',
};

/**
 * One page of the tables of the snapshot taken at `takenAt`, keyset-paged: by a size (largest first) with schema and
 * table breaking ties, or by name. At most 500 rows per snapshot, found through the primary key.
 */
export async function listSnapshotTables(
  target: string,
  takenAt: Date,
  sort: SnapshotSort,
  after: SnapshotCursor | null,
  limit: number,
): Promise<KeysetPage<StoredTableSize, SnapshotCursor>> {
  const values: unknown[] = [target, takenAt, limit + 1];
  let seek = '';
  let order: string;
  if (sort === 'name') {
    order = 'schema_name, table_name';
    if (after) {
      values.push(after.schema, after.table);
      seek = 'AND (schema_name, table_name) > ($4::text, $5::text)';
    }
  } else {
    const column = SNAPSHOT_ORDER[sort];
    order = `${column} DESC, schema_name, table_name`;
    if (after) {
      values.push(after.value, after.schema, after.table);
      // Descending by value, ascending by name: "after" is a smaller value, or the same value and a later name.
      seek = `AND (${column} < $4::bigint OR (${column} = $4::bigint AND (schema_name, table_name) > ($5::text, $6::text)))`;
    }
  }
  const rows = parseRows(
    storedTableRow,
    await getPrisma().$queryRawUnsafe(
      `SELECT schema_name AS "schema", table_name AS "table", total_bytes::float8 AS "totalBytes",
              table_bytes::float8 AS "tableBytes", index_bytes::float8 AS "indexBytes", est_rows::float8 AS "estimatedRows"
       FROM console.table_size_snapshot
       WHERE target = $1 AND taken_at = $2::timestamptz ${seek}
       ORDER BY ${order}
       LIMIT $3::int`,
      ...values,
    ),
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const valueOf: Record<SnapshotSort, (row: StoredTableSize) => number> = {
    total: (row) => row.totalBytes,
    table: (row) => row.tableBytes,
    index: (row) => row.indexBytes,
    rows: (row) => row.estimatedRows ?? -1,
    name: () => 0,
  };
  return {
    rows: page,
    next: rows.length > limit && last ? { value: valueOf[sort](last), schema: last.schema, table: last.table } : null,
  };
}

const storedIndexRow = z.object({ schema: text, table: text, index: text, sizeBytes: float });
export type StoredIndexSize = z.output<typeof storedIndexRow>;

/**
 * One page of the indexes of the snapshot taken at `takenAt`, largest first, schema and index name breaking ties;
 * at most 500 rows per snapshot, found through the primary key.
 */
export async function listSnapshotIndexes(
  target: string,
  takenAt: Date,
  after: IndexSizeCursor | null,
  limit: number,
): Promise<KeysetPage<StoredIndexSize, IndexSizeCursor>> {
  const values: unknown[] = [target, takenAt, limit + 1];
  if (after) values.push(after.bytes, after.schema, after.index);
  const rows = parseRows(
    storedIndexRow,
    await getPrisma().$queryRawUnsafe(
      `SELECT schema_name AS "schema", table_name AS "table", index_name AS "index", size_bytes::float8 AS "sizeBytes"
       FROM console.index_size_snapshot
       WHERE target = $1 AND taken_at = $2::timestamptz
         ${after ? 'AND (size_bytes < $4::bigint OR (size_bytes = $4::bigint AND (schema_name, index_name) > ($5::text, $6::text)))' : ''}
       ORDER BY size_bytes DESC, schema_name, index_name
       LIMIT $3::int`,
      ...values,
    ),
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    next: rows.length > limit && last ? { bytes: last.sizeBytes, schema: last.schema, index: last.index } : null,
  };
}

const growthPointRow = z.object({
  t: float,
  totalBytes: float,
  tableBytes: float,
  indexBytes: float,
  estimatedRows: float.nullable(),
});
export type TableGrowthPoint = z.output<typeof growthPointRow>;

/** One table's sizes at every snapshot since `since`, oldest first (`t` in milliseconds, for the chart). */
export async function listTableGrowth(
  target: string,
  schema: string,
  table: string,
  since: Date,
): Promise<TableGrowthPoint[]> {
  return parseRows(
    growthPointRow,
    await getPrisma().$queryRawUnsafe(
      `SELECT (extract(epoch FROM taken_at) * 1000)::float8 AS "t", total_bytes::float8 AS "totalBytes",
              table_bytes::float8 AS "tableBytes", index_bytes::float8 AS "indexBytes",
              est_rows::float8 AS "estimatedRows"
       FROM console.table_size_snapshot
       WHERE target = $1 AND schema_name = $2 AND table_name = $3 AND taken_at >= $4::timestamptz
       ORDER BY taken_at`,
      target,
      schema,
      table,
      since,
    ),
  );
}

const grownRow = z.object({
  schema: text,
  table: text,
  fromBytes: float,
  toBytes: float,
  grewBytes: float,
  /** null when the table was empty at the start. */
  grewRatio: float.nullable(),
});
export type GrownTable = z.output<typeof grownRow>;

export interface TableGrowthRanking {
  /** The two snapshots compared: the first of the window and the newest. */
  from: Date;
  to: Date;
  byBytes: GrownTable[];
  byRatio: GrownTable[];
}

/**
 * The tables that grew most between the first snapshot since `since` and the newest, by bytes added and by growth
 * relative to their size at the start. A table only in the newest snapshot (created, or new to the 500 largest)
 * has no start to compare with and is left out. Null with fewer than two snapshots in the window.
 */
export async function findFastestGrowingTables(
  target: string,
  since: Date,
  limit = 10,
): Promise<TableGrowthRanking | null> {
  const bounds = parseRows(
    z.object({ from: timestamp.nullable(), to: timestamp.nullable() }),
    await getPrisma().$queryRawUnsafe(
      `SELECT
         (SELECT min(taken_at) FROM console.table_size_round WHERE target = $1 AND taken_at >= $2::timestamptz) AS "from",
         (SELECT max(taken_at) FROM console.table_size_round WHERE target = $1) AS "to"`,
      target,
      since,
    ),
  )[0];
  if (!bounds.from || !bounds.to || bounds.from.getTime() >= bounds.to.getTime()) return null;
  const ranked = (order: string, condition: string) =>
    getPrisma().$queryRawUnsafe(
      `SELECT s.schema_name AS "schema", s.table_name AS "table", b.total_bytes::float8 AS "fromBytes",
              s.total_bytes::float8 AS "toBytes", (s.total_bytes - b.total_bytes)::float8 AS "grewBytes",
              (s.total_bytes - b.total_bytes)::float8 / nullif(b.total_bytes, 0) AS "grewRatio"
       FROM console.table_size_snapshot s
       JOIN console.table_size_snapshot b
         ON b.target = s.target AND b.taken_at = $3::timestamptz AND b.schema_name = s.schema_name AND b.table_name = s.table_name
       WHERE s.target = $1 AND s.taken_at = $2::timestamptz AND ${condition}
       ORDER BY ${order}, s.schema_name, s.table_name
       LIMIT $4::int`,
      target,
      bounds.to,
      bounds.from,
      limit,
    );
  const [byBytes, byRatio] = await Promise.all([
    ranked('"grewBytes" DESC', 's.total_bytes > b.total_bytes'),
    ranked('"grewRatio" DESC', 's.total_bytes > b.total_bytes AND b.total_bytes > 0'),
  ]);
  return {
    from: bounds.from,
    to: bounds.to,
    byBytes: parseRows(grownRow, byBytes),
    byRatio: parseRows(grownRow, byRatio),
  };
}
