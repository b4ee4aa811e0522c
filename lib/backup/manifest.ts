/**
 * What a backup contains, recorded at backup time from the same snapshot pg_dump reads (pg_export_snapshot), and
 * read again from a restored copy: tables, indexes and exact row counts. Restore-verify compares the two.
 */
import type pg from 'pg';

export interface ManifestTable {
  /** schema.table */
  name: string;
  /** Exact count(*); null for a schema-only backup. */
  rows: number | null;
}

export interface BackupManifest {
  tables: ManifestTable[];
  /** schema.index */
  indexes: string[];
}

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

interface RelationRow {
  name: string;
  schema: string;
  relation: string;
  kind: string;
  tableName: string | null;
}

export async function readManifest(client: pg.ClientBase, scope: ManifestScope): Promise<BackupManifest> {
  const { rows } = await client.query<RelationRow>(USER_RELATIONS);
  const inScope = (table: string) => !scope.tables || scope.tables.includes(table);
  const tableRows = rows.filter((row) => row.kind !== 'i' && inScope(row.name));
  const tables: ManifestTable[] = [];
  for (const row of tableRows) {
    // Identifiers come from the catalog just read, quoted; nothing from user input reaches this SQL.
    const sql = `SELECT count(*)::bigint AS n FROM ${client.escapeIdentifier(row.schema)}.${client.escapeIdentifier(row.relation)}`;
    const rowsCounted = scope.countRows ? Number((await client.query<{ n: string }>(sql)).rows[0].n) : null;
    tables.push({ name: row.name, rows: rowsCounted });
  }
  const indexes = rows.filter((row) => row.kind === 'i' && row.tableName !== null && inScope(row.tableName)).map((row) => row.name);
  return { tables, indexes };
}

export type ManifestDifference =
  | { kind: 'table_missing' | 'table_unexpected' | 'index_missing' | 'index_unexpected'; name: string }
  | { kind: 'row_count'; name: string; expected: number; actual: number | null };

/** What the restored copy lacks or has in excess, and every table whose row count differs. */
export function compareManifests(expected: BackupManifest, actual: BackupManifest): ManifestDifference[] {
  const differences: ManifestDifference[] = [];
  const actualTables = new Map(actual.tables.map((table) => [table.name, table.rows]));
  const expectedTables = new Set(expected.tables.map((table) => table.name));
  for (const table of expected.tables) {
    if (!actualTables.has(table.name)) differences.push({ kind: 'table_missing', name: table.name });
    else if (table.rows !== null && actualTables.get(table.name) !== table.rows) {
      differences.push({ kind: 'row_count', name: table.name, expected: table.rows, actual: actualTables.get(table.name) ?? null });
    }
  }
  for (const table of actual.tables) if (!expectedTables.has(table.name)) differences.push({ kind: 'table_unexpected', name: table.name });
  const actualIndexes = new Set(actual.indexes);
  const expectedIndexes = new Set(expected.indexes);
  for (const index of expected.indexes) if (!actualIndexes.has(index)) differences.push({ kind: 'index_missing', name: index });
  for (const index of actual.indexes) if (!expectedIndexes.has(index)) differences.push({ kind: 'index_unexpected', name: index });
  return differences;
}

export function describeDifference(difference: ManifestDifference): string {
  switch (difference.kind) {
    case 'table_missing':
      return `table ${difference.name} is missing`;
    case 'table_unexpected':
      return `table ${difference.name} was not in the backup`;
    case 'index_missing':
      return `index ${difference.name} is missing`;
    case 'index_unexpected':
      return `index ${difference.name} was not in the backup`;
    case 'row_count':
      return `${difference.name} has ${difference.actual ?? 'no'} rows, the backup recorded ${difference.expected}`;
  }
}
