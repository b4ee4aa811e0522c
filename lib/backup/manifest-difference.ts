/**
 * How a restored copy differs from its backup's manifest (lib/backup/manifest.ts), and the words for each
 * difference. Pure, so the restore list (a client component) can describe what a verify found.
 */
import { z } from 'zod';
import type { BackupManifest } from './manifest';

/** Stored as JSON in console.restore_run.differences and parsed back with this schema. */
export const manifestDifferenceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['table_missing', 'table_unexpected', 'index_missing', 'index_unexpected']),
    name: z.string(),
  }),
  z.object({ kind: z.literal('row_count'), name: z.string(), expected: z.number(), actual: z.number().nullable() }),
]);
export type ManifestDifference = z.output<typeof manifestDifferenceSchema>;

/** What the restored copy lacks or has in excess, and every table whose row count differs. */
export function compareManifests(expected: BackupManifest, actual: BackupManifest): ManifestDifference[] {
  const differences: ManifestDifference[] = [];
  const actualTables = new Map(actual.tables.map((table) => [table.name, table.rows]));
  const expectedTables = new Set(expected.tables.map((table) => table.name));
  for (const table of expected.tables) {
    if (!actualTables.has(table.name)) differences.push({ kind: 'table_missing', name: table.name });
    else if (table.rows !== null && actualTables.get(table.name) !== table.rows) {
      differences.push({
        kind: 'row_count',
        name: table.name,
        expected: table.rows,
        actual: actualTables.get(table.name) ?? null,
      });
    }
  }
  for (const table of actual.tables)
    if (!expectedTables.has(table.name)) differences.push({ kind: 'table_unexpected', name: table.name });
  const actualIndexes = new Set(actual.indexes);
  const expectedIndexes = new Set(expected.indexes);
  for (const index of expected.indexes)
    if (!actualIndexes.has(index)) differences.push({ kind: 'index_missing', name: index });
  for (const index of actual.indexes)
    if (!expectedIndexes.has(index)) differences.push({ kind: 'index_unexpected', name: index });
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
