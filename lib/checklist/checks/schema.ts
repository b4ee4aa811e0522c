/** Item 3: all six tables exist with the guide's columns, keys, UNIQUE constraint and all ten indexes. */
import 'server-only';
import { findColumnsOf, findIndexesOf, findKeysOf } from '../../pg/catalog';
import { GUIDE_TABLES } from '../guide-schema';
import type { Evidence, EvidenceFact } from '../types';

const TABLE_NAMES = GUIDE_TABLES.map((table) => table.name);

export async function checkSchema(): Promise<Evidence> {
  const [columns, constraints, indexes] = await Promise.all([
    findColumnsOf(TABLE_NAMES),
    findKeysOf(TABLE_NAMES),
    findIndexesOf(TABLE_NAMES),
  ]);

  const problems: EvidenceFact[] = [];
  let indexCount = 0;
  for (const table of GUIDE_TABLES) {
    const live = new Map(columns.filter((col) => col.table === table.name).map((col) => [col.name, col]));
    if (live.size === 0) {
      problems.push({ label: table.name, value: 'table is missing', status: 'fail' });
      continue;
    }
    for (const expected of table.columns) {
      const actual = live.get(expected.name);
      if (!actual)
        problems.push({ label: `${table.name}.${expected.name}`, value: 'column is missing', status: 'fail' });
      else if (actual.type !== expected.type)
        problems.push({
          label: `${table.name}.${expected.name}`,
          value: `is ${actual.type}, the guide has ${expected.type}`,
          status: 'fail',
        });
      else if (actual.notNull !== expected.notNull)
        problems.push({
          label: `${table.name}.${expected.name}`,
          value: expected.notNull ? 'allows NULL; the guide has NOT NULL' : 'is NOT NULL; the guide allows NULL',
          status: 'fail',
        });
    }
    const has = (kind: 'p' | 'u', column: string) =>
      constraints.some(
        (k) => k.table === table.name && k.kind === kind && k.columns.length === 1 && k.columns[0] === column,
      );
    if (!has('p', table.primaryKey))
      problems.push({ label: table.name, value: `has no PRIMARY KEY (${table.primaryKey})`, status: 'fail' });
    for (const column of table.unique)
      if (!has('u', column)) problems.push({ label: table.name, value: `has no UNIQUE (${column})`, status: 'fail' });
    for (const [name, column] of Object.entries(table.indexes)) {
      indexCount++;
      const index = indexes.find((i) => i.table === table.name && i.name === name);
      if (!index)
        problems.push({
          label: name,
          value: `index is missing (the guide puts it on ${table.name}.${column})`,
          status: 'fail',
        });
      else if (index.columns.join(',') !== column)
        problems.push({
          label: name,
          value: `is on (${index.columns.join(', ')}), the guide has (${column})`,
          status: 'fail',
        });
      else if (!index.valid)
        problems.push({ label: name, value: 'is INVALID (a failed concurrent build); rebuild it', status: 'fail' });
    }
  }
  if (problems.length > 0) {
    return {
      status: 'fail',
      summary: `${problems.length} difference${problems.length === 1 ? '' : 's'} from the guide's tables and indexes.`,
      facts: problems,
    };
  }
  return {
    status: 'pass',
    summary: `All ${GUIDE_TABLES.length} tables have the guide's columns and keys, and all ${indexCount} of its indexes exist and are valid.`,
    facts: GUIDE_TABLES.map((table) => ({
      label: table.name,
      value: `${table.columns.length} columns, ${Object.keys(table.indexes).length} indexes`,
      status: 'pass' as const,
    })),
  };
}
