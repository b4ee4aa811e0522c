/**
 * Index health, after PgHero's indexes.rb: unused indexes (the guide's "Index usage" query, minus unique and
 * primary-key indexes, which enforce constraints even when never scanned), duplicate indexes, invalid indexes
 * (a failed CREATE INDEX CONCURRENTLY), and tables read mostly by sequential scans.
 */
import 'server-only';
import { z } from 'zod';
import { query } from './client';
import { float, text } from './rows';

const unusedIndexRow = z.object({ schema: text, table: text, index: text, sizeBytes: float, definition: text });
export type UnusedIndex = z.output<typeof unusedIndexRow>;

export async function findUnusedIndexes(): Promise<UnusedIndex[]> {
  return query(
    unusedIndexRow,
    `
    SELECT
      s.schemaname AS "schema",
      s.relname AS "table",
      s.indexrelname AS "index",
      pg_relation_size(s.indexrelid) AS "sizeBytes",
      pg_get_indexdef(s.indexrelid) AS "definition"
    FROM pg_stat_user_indexes s
    JOIN pg_index i ON i.indexrelid = s.indexrelid
    WHERE s.idx_scan = 0
      AND NOT i.indisunique
      AND NOT i.indisprimary
    ORDER BY "sizeBytes" DESC, 1, 3
  `,
  );
}

const duplicateIndexRow = z.object({
  schema: text,
  table: text,
  /** The index that can go: its columns are a leading prefix of the covering index's. */
  redundant: text,
  redundantDefinition: text,
  covering: text,
  coveringDefinition: text,
  sizeBytes: float,
});
export type DuplicateIndex = z.output<typeof duplicateIndexRow>;

/**
 * An index is redundant when another index on the same table, with the same access method, the same predicate
 * and the same expressions, has its key columns as a leading prefix (identical indexes included, reported once).
 * A unique index is never reported as redundant to a non-unique one: it enforces something the other does not.
 */
export async function findDuplicateIndexes(): Promise<DuplicateIndex[]> {
  return query(
    duplicateIndexRow,
    `
    WITH idx AS (
      SELECT
        i.indexrelid,
        i.indrelid,
        i.indisunique,
        c.relam,
        string_to_array(i.indkey::text, ' ') AS keys,
        string_to_array(i.indclass::text, ' ') AS opclasses,
        coalesce(pg_get_expr(i.indexprs, i.indrelid), '') AS expressions,
        coalesce(pg_get_expr(i.indpred, i.indrelid), '') AS predicate
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        AND i.indisvalid
    )
    SELECT
      n.nspname AS "schema",
      t.relname AS "table",
      r.relname AS "redundant",
      pg_get_indexdef(a.indexrelid) AS "redundantDefinition",
      k.relname AS "covering",
      pg_get_indexdef(b.indexrelid) AS "coveringDefinition",
      pg_relation_size(a.indexrelid) AS "sizeBytes"
    FROM idx a
    JOIN idx b
      ON a.indrelid = b.indrelid
     AND a.indexrelid <> b.indexrelid
     AND a.relam = b.relam
     AND a.expressions = b.expressions
     AND a.predicate = b.predicate
     AND array_length(a.keys, 1) <= array_length(b.keys, 1)
     AND a.keys = b.keys[1:array_length(a.keys, 1)]
     AND a.opclasses = b.opclasses[1:array_length(a.opclasses, 1)]
     -- identical pairs: report only one side
     AND (array_length(a.keys, 1) < array_length(b.keys, 1) OR a.indexrelid > b.indexrelid)
     AND (NOT a.indisunique OR (b.indisunique AND array_length(a.keys, 1) = array_length(b.keys, 1)))
    JOIN pg_class r ON r.oid = a.indexrelid
    JOIN pg_class k ON k.oid = b.indexrelid
    JOIN pg_class t ON t.oid = a.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    ORDER BY "sizeBytes" DESC, 1, 2, 3
  `,
  );
}

const invalidIndexRow = z.object({ schema: text, table: text, index: text, definition: text });
export type InvalidIndex = z.output<typeof invalidIndexRow>;

export async function findInvalidIndexes(): Promise<InvalidIndex[]> {
  return query(
    invalidIndexRow,
    `
    SELECT
      n.nspname AS "schema",
      t.relname AS "table",
      c.relname AS "index",
      pg_get_indexdef(i.indexrelid) AS "definition"
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT i.indisvalid
    ORDER BY 1, 2, 3
  `,
  );
}

const seqScanTableRow = z.object({
  schema: text,
  table: text,
  seqScans: float,
  indexScans: float,
  /** Share of scans that were sequential. */
  seqScanShare: float,
  estimatedRows: float,
});
export type SeqScanTable = z.output<typeof seqScanTableRow>;

/**
 * Missing-index candidates (after PgHero's missing_indexes): tables with at least `minRows` rows where most scans
 * are sequential. Small tables are left out: a sequential scan is the right plan for them.
 */
export async function findSeqScanHeavyTables(minRows = 10_000): Promise<SeqScanTable[]> {
  return query(
    seqScanTableRow,
    `
    SELECT
      schemaname AS "schema",
      relname AS "table",
      seq_scan AS "seqScans",
      coalesce(idx_scan, 0) AS "indexScans",
      seq_scan::float8 / nullif(seq_scan + coalesce(idx_scan, 0), 0) AS "seqScanShare",
      n_live_tup AS "estimatedRows"
    FROM pg_stat_user_tables
    WHERE n_live_tup >= $1
      AND seq_scan > coalesce(idx_scan, 0)
    ORDER BY seq_scan * n_live_tup DESC, 1, 2
  `,
    [minRows],
  );
}
