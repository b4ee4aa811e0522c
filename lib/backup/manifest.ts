/**
 * What a backup contains, recorded at backup time from the same snapshot pg_dump reads (pg_export_snapshot), and
 * read again from a restored copy: tables, indexes and exact row counts. Restore-verify compares the two.
 */
import 'server-only';
import type pg from 'pg';
import { z } from 'zod';
import { clientRunner, int, text } from '../pg/rows';

/** Stored as JSON in console.backup_run.manifest and parsed back with this schema. */
export const backupManifestSchema = z.object({
  tables: z.array(
    z.object({
      /** schema.table */
      name: z.string(),
      /** Exact count(*); null for a schema-only backup. */
      rows: z.number().int().nonnegative().nullable(),
    }),
  ),
  /** schema.index */
  indexes: z.array(z.string()),
});
export type BackupManifest = z.output<typeof backupManifestSchema>;
export type ManifestTable = BackupManifest['tables'][number];

export interface ManifestScope {
  /** Only these schema.table names (a backup of chosen tables); all user tables when absent. */
  tables?: readonly string[];
  countRows: boolean;
}

// User tables: not the catalogs, not TOAST or temporary schemas, not tables an extension owns (pg_dump skips
// extension members too; CREATE EXTENSION makes them on restore).
const USER_RELATIONS = `
  SELECT n.nspname || '.' || c.relname AS name, n.nspname AS schema, c.relname AS relation, c.relkind::text AS kind,
         CASE WHEN c.relkind = 'i' THEN (SELECT tn.nspname || '.' || t.relname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                                         JOIN pg_namespace tn ON tn.oid = t.relnamespace WHERE i.indexrelid = c.oid) END AS "tableName"
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'i')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname !~ '^pg_(toast|temp_)'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  ORDER BY 1`;

const relationRow = z.object({ name: text, schema: text, relation: text, kind: text, tableName: text.nullable() });

export async function getManifest(client: pg.ClientBase, scope: ManifestScope): Promise<BackupManifest> {
  const run = clientRunner(client);
  const rows = await run(relationRow, USER_RELATIONS);
  const inScope = (table: string) => !scope.tables || scope.tables.includes(table);
  const tableRows = rows.filter((row) => row.kind !== 'i' && inScope(row.name));
  const tables: ManifestTable[] = [];
  for (const row of tableRows) {
    // Identifiers come from the catalog just read, quoted; nothing from user input reaches this SQL.
    const sql = `SELECT count(*) AS n FROM ${client.escapeIdentifier(row.schema)}.${client.escapeIdentifier(row.relation)}`;
    const rowsCounted = scope.countRows ? (await run(z.object({ n: int }), sql))[0].n : null;
    tables.push({ name: row.name, rows: rowsCounted });
  }
  const indexes = rows
    .filter((row) => row.kind === 'i' && row.tableName !== null && inScope(row.tableName))
    .map((row) => row.name);
  return { tables, indexes };
}
