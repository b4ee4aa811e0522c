/**
 * Disk space: the database (the guide's "Database size"), every table's total, heap, index and TOAST size
 * (the guide lists the top 10; here every table, sortable), and every index.
 */
import 'server-only';
import { z } from 'zod';
import { query, queryOne } from './client';
import type { NameCursor } from '../space/space-view';
import { float, text } from './rows';

const databaseSizeRow = z.object({ name: text, sizeBytes: float });
export type DatabaseSize = z.output<typeof databaseSizeRow>;

export async function getDatabaseSize(): Promise<DatabaseSize> {
  return queryOne(
    databaseSizeRow,
    `
    SELECT
      current_database() AS "name",
      pg_database_size(current_database()) AS "sizeBytes"
  `,
  );
}

const tableSizeRow = z.object({
  schema: text,
  table: text,
  totalBytes: float,
  heapBytes: float,
  indexBytes: float,
  toastBytes: float,
  estimatedRows: float,
});
export type TableSize = z.output<typeof tableSizeRow>;

/** Sort keys offered on the Space page; the ORDER BY expressions come only from this registry. */
export const TABLE_SIZE_ORDER = {
  total: '"totalBytes"',
  heap: '"heapBytes"',
  index: '"indexBytes"',
  toast: '"toastBytes"',
  rows: '"estimatedRows"',
  name: '"schema", "table"',
} as const;
export type TableSizeOrder = keyof typeof TABLE_SIZE_ORDER;

/**
 * Sizes from the relation's forks: heap = main + fsm + vm (pg_table_size minus TOAST), TOAST = the TOAST table
 * and its index. User tables only (system schemas excluded).
 */
export async function listTableSizes(order: TableSizeOrder = 'total', limit = 500): Promise<TableSize[]> {
  const direction = order === 'name' ? 'ASC' : 'DESC';
  return query(
    tableSizeRow,
    `
    SELECT
      n.nspname AS "schema",
      c.relname AS "table",
      pg_total_relation_size(c.oid) AS "totalBytes",
      pg_table_size(c.oid) - coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0) AS "heapBytes",
      pg_indexes_size(c.oid) AS "indexBytes",
      coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0) AS "toastBytes",
      -- reltuples is -1 for a table never vacuumed or analyzed (PostgreSQL 14+), 0 before.
      greatest(c.reltuples, 0) AS "estimatedRows"
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'm')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg_toast%'
    ORDER BY ${TABLE_SIZE_ORDER[order]} ${direction}
    LIMIT $1
  `,
    [limit],
  );
}

const indexSizeRow = z.object({ schema: text, table: text, index: text, sizeBytes: float });
export type IndexSize = z.output<typeof indexSizeRow>;

export async function listIndexSizes(limit = 500): Promise<IndexSize[]> {
  return query(
    indexSizeRow,
    `
    SELECT
      schemaname AS "schema",
      relname AS "table",
      indexrelname AS "index",
      pg_relation_size(indexrelid) AS "sizeBytes"
    FROM pg_stat_user_indexes
    ORDER BY "sizeBytes" DESC, "schema", "index"
    LIMIT $1
  `,
    [limit],
  );
}

/** Rows per page of the paged space and index lists. */
export const SPACE_PAGE_SIZE = 50;

/** A page of a keyset-paged list: `next` is where the following page starts, null on the last page. */
export interface KeysetPage<Row, Cursor> {
  rows: Row[];
  next: Cursor | null;
}

/** One page plus one row, which tells whether another page follows. */
function toPage<Row, Cursor>(rows: Row[], limit: number, cursorOf: (row: Row) => Cursor): KeysetPage<Row, Cursor> {
  const page = rows.slice(0, limit);
  return { rows: page, next: rows.length > limit && page.length > 0 ? cursorOf(page[page.length - 1]) : null };
}

const USER_RELATIONS = `
      n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg_toast%'`;

const snapshotTableRow = z.object({
  schema: text,
  table: text,
  totalBytes: float,
  indexBytes: float,
  /** null while the table was never vacuumed or analysed (reltuples -1 on PostgreSQL 14+; 0 before). */
  estimatedRows: float.nullable(),
  tableCount: float,
});
export type SnapshotTable = Omit<z.output<typeof snapshotTableRow>, 'tableCount'>;

/** The `limit` largest tables by total size, and how many tables there are: what the table-growth task stores. */
export interface TableSizeSnapshot {
  tableCount: number;
  tables: SnapshotTable[];
}

/**
 * One query over pg_class: each table's pg_total_relation_size once (its files are stat'ed once), and the index
 * share only for the `limit` largest, so the file system is visited about once per relation whatever the count.
 * A table dropped while it is measured has a NULL size and is left out. Table bytes are the total less the indexes:
 * pg_total_relation_size is defined as pg_table_size + pg_indexes_size (PostgreSQL docs, "Database Object Size
 * Functions").
 */
export async function getTableSizeSnapshot(limit = 500): Promise<TableSizeSnapshot> {
  const rows = await query(
    snapshotTableRow,
    `
    WITH sized AS (
      SELECT c.oid, n.nspname, c.relname, c.reltuples, pg_total_relation_size(c.oid) AS total
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'm')
        AND ${USER_RELATIONS}
    ),
    counted AS (
      SELECT *, count(*) OVER () AS table_count
      FROM sized
      WHERE total IS NOT NULL
      ORDER BY total DESC, oid
      LIMIT $1
    )
    SELECT
      nspname AS "schema",
      relname AS "table",
      total AS "totalBytes",
      least(coalesce(pg_indexes_size(oid), 0), total) AS "indexBytes",
      CASE WHEN reltuples < 0 THEN NULL ELSE reltuples END AS "estimatedRows",
      table_count AS "tableCount"
    FROM counted
    ORDER BY total DESC, oid
  `,
    [limit],
  );
  return { tableCount: rows[0]?.tableCount ?? 0, tables: rows.map(({ tableCount: _, ...table }) => table) };
}

const pagedTableRow = tableSizeRow.extend({ namespace: float });
export type PagedTableSize = z.output<typeof pagedTableRow>;

/**
 * Every table in name order, a page at a time, live: the page's relations are chosen from pg_class's name index
 * first and only they are measured, so a page costs the same at 100 tables or 100,000.
 */
export async function listTableSizesByName(
  after: NameCursor | null,
  limit = SPACE_PAGE_SIZE,
): Promise<KeysetPage<PagedTableSize, NameCursor>> {
  const values: unknown[] = [limit + 1];
  if (after) values.push(after.name, after.namespace);
  const rows = await query(
    pagedTableRow,
    `
    WITH page AS (
      SELECT c.oid, c.relname, c.relnamespace, c.reltoastrelid, c.reltuples, n.nspname
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'm')
        AND ${USER_RELATIONS}
        ${after ? 'AND (c.relname, c.relnamespace) > ($2::name, $3::oid)' : ''}
      ORDER BY c.relname, c.relnamespace
      LIMIT $1
    )
    SELECT
      nspname AS "schema",
      relname AS "table",
      relnamespace AS "namespace",
      coalesce(pg_total_relation_size(oid), 0) AS "totalBytes",
      coalesce(pg_table_size(oid), 0) - coalesce(pg_total_relation_size(nullif(reltoastrelid, 0)), 0) AS "heapBytes",
      coalesce(pg_indexes_size(oid), 0) AS "indexBytes",
      coalesce(pg_total_relation_size(nullif(reltoastrelid, 0)), 0) AS "toastBytes",
      greatest(reltuples, 0) AS "estimatedRows"
    FROM page
    ORDER BY relname, relnamespace
  `,
    values,
  );
  return toPage(rows, limit, (row) => ({ name: row.table, namespace: row.namespace }));
}

const pagedIndexRow = indexSizeRow.extend({ namespace: float });
export type PagedIndexSize = z.output<typeof pagedIndexRow>;

/**
 * Every index of user tables in name order, a page at a time, live: the page's indexes are chosen from pg_class's
 * name index first and only they are measured. The list by size reads the stored snapshot instead
 * (getIndexSizeSnapshot): ranking live stats every index file.
 */
export async function listIndexSizesByName(
  after: NameCursor | null,
  limit = SPACE_PAGE_SIZE,
): Promise<KeysetPage<PagedIndexSize, NameCursor>> {
  const values: unknown[] = [limit + 1];
  if (after) values.push(after.name, after.namespace);
  const rows = await query(
    pagedIndexRow,
    `
    WITH page AS (
      SELECT c.oid, c.relname, c.relnamespace, i.indrelid, n.nspname
      FROM pg_class c
      JOIN pg_index i ON i.indexrelid = c.oid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'i'
        AND ${USER_RELATIONS}
        ${after ? 'AND (c.relname, c.relnamespace) > ($2::name, $3::oid)' : ''}
      ORDER BY c.relname, c.relnamespace
      LIMIT $1
    )
    SELECT
      p.nspname AS "schema",
      t.relname AS "table",
      p.relname AS "index",
      p.relnamespace AS "namespace",
      coalesce(pg_relation_size(p.oid), 0) AS "sizeBytes"
    FROM page p
    JOIN pg_class t ON t.oid = p.indrelid
    ORDER BY p.relname, p.relnamespace
  `,
    values,
  );
  return toPage(rows, limit, (row) => ({ name: row.index, namespace: row.namespace }));
}

const snapshotIndexRow = indexSizeRow.extend({ indexCount: float });

/** The `limit` largest indexes and how many there are: what the table-growth task stores beside the tables. */
export interface IndexSizeSnapshot {
  indexCount: number;
  indexes: IndexSize[];
}

/**
 * Every index of user tables measured once (its main fork: pg_relation_size), the `limit` largest kept, the oid
 * breaking ties. An index dropped while it is measured has a NULL size and is left out.
 */
export async function getIndexSizeSnapshot(limit = 500): Promise<IndexSizeSnapshot> {
  const rows = await query(
    snapshotIndexRow,
    `
    WITH sized AS (
      SELECT c.oid, n.nspname, c.relname, i.indrelid, pg_relation_size(c.oid) AS bytes
      FROM pg_class c
      JOIN pg_index i ON i.indexrelid = c.oid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'i'
        AND ${USER_RELATIONS}
    ),
    counted AS (
      SELECT *, count(*) OVER () AS index_count
      FROM sized
      WHERE bytes IS NOT NULL
      ORDER BY bytes DESC, oid
      LIMIT $1
    )
    SELECT
      s.nspname AS "schema",
      t.relname AS "table",
      s.relname AS "index",
      s.bytes AS "sizeBytes",
      s.index_count AS "indexCount"
    FROM counted s
    JOIN pg_class t ON t.oid = s.indrelid
    ORDER BY s.bytes DESC, s.oid
  `,
    [limit],
  );
  return { indexCount: rows[0]?.indexCount ?? 0, indexes: rows.map(({ indexCount: _, ...index }) => index) };
}
