/**
 * How tables of schema public are defined, from the system catalogs: their columns, primary and unique keys, and
 * indexes — for the checklist's schema item, which compares them with the guide's (lib/checklist/checks/schema.ts).
 */
import 'server-only';
import { z } from 'zod';
import { query } from './client';
import { bool, text, textArray } from './rows';

const columnRow = z.object({ table: text, name: text, type: text, notNull: bool });
const keyRow = z.object({ table: text, kind: z.enum(['p', 'u']), columns: textArray });
const indexRow = z.object({ table: text, name: text, columns: textArray, valid: bool });

/** The live columns of `tables`, with their types as format_type() writes them. */
export async function findColumnsOf(tables: readonly string[]): Promise<z.output<typeof columnRow>[]> {
  return query(
    columnRow,
    `SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull"
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    [tables],
  );
}

/** The PRIMARY KEY ('p') and UNIQUE ('u') constraints of `tables`, with their columns in key order. */
export async function findKeysOf(tables: readonly string[]): Promise<z.output<typeof keyRow>[]> {
  return query(
    keyRow,
    `SELECT c.relname AS "table", k.contype::text AS kind,
            ARRAY(SELECT a.attname::text FROM unnest(k.conkey) AS n JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = n) AS columns
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
     WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1) AND k.contype IN ('p', 'u')`,
    [tables],
  );
}

/** The indexes of `tables`, with their columns in index order and whether they are valid (a failed CONCURRENTLY build is not). */
export async function findIndexesOf(tables: readonly string[]): Promise<z.output<typeof indexRow>[]> {
  return query(
    indexRow,
    `SELECT t.relname AS "table", i.relname AS name, x.indisvalid AS valid,
            ARRAY(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY AS k(n, o) JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o) AS columns
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1)`,
    [tables],
  );
}
