/**
 * Disk space: the database (the guide's "Database size"), every table's total, heap, index and TOAST size
 * (the guide lists the top 10; here every table, sortable), and every index.
 */
import 'server-only';
import { z } from 'zod';
import { query, queryOne } from './client';
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
