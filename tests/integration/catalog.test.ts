/** How tables are defined, as lib/pg/catalog.ts reads the system catalogs: a table made for the test, read back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findColumnsOf, findIndexesOf, findKeysOf } from '@/lib/pg/catalog';
import { withClient } from '../support/sql';

beforeAll(async () => {
  await withClient(async (client) => {
    await client.query(
      'CREATE TABLE catalog_probe (id bigint PRIMARY KEY, name text NOT NULL UNIQUE, note varchar(20), dropped int)',
    );
    await client.query('ALTER TABLE catalog_probe DROP COLUMN dropped');
    await client.query('CREATE INDEX catalog_probe_note_name ON catalog_probe (note, name)');
  });
});

afterAll(async () => {
  await withClient((client) => client.query('DROP TABLE IF EXISTS catalog_probe, catalog_duplicates'));
});

describe('the catalog of a table', () => {
  it('lists its live columns with their types and NOT NULL, not a dropped one', async () => {
    const columns = await findColumnsOf(['catalog_probe', 'catalog_no_such_table']);
    expect(columns.toSorted((a, b) => a.name.localeCompare(b.name))).toEqual([
      { table: 'catalog_probe', name: 'id', type: 'bigint', notNull: true },
      { table: 'catalog_probe', name: 'name', type: 'text', notNull: true },
      { table: 'catalog_probe', name: 'note', type: 'character varying(20)', notNull: false },
    ]);
  });

  it('lists its primary and unique keys', async () => {
    const keys = await findKeysOf(['catalog_probe']);
    expect(keys.toSorted((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { table: 'catalog_probe', kind: 'p', columns: ['id'] },
      { table: 'catalog_probe', kind: 'u', columns: ['name'] },
    ]);
  });

  it('lists its indexes with their columns in index order, and sees one made invalid', async () => {
    const indexes = await findIndexesOf(['catalog_probe']);
    expect(indexes.toSorted((a, b) => a.name.localeCompare(b.name))).toEqual([
      { table: 'catalog_probe', name: 'catalog_probe_name_key', columns: ['name'], valid: true },
      { table: 'catalog_probe', name: 'catalog_probe_note_name', columns: ['note', 'name'], valid: true },
      { table: 'catalog_probe', name: 'catalog_probe_pkey', columns: ['id'], valid: true },
    ]);
    // A unique index built CONCURRENTLY over duplicates fails and is left behind, invalid.
    await withClient(async (client) => {
      await client.query('CREATE TABLE catalog_duplicates (v int)');
      await client.query('INSERT INTO catalog_duplicates VALUES (1), (1)');
      await expect(
        client.query('CREATE UNIQUE INDEX CONCURRENTLY catalog_duplicates_v ON catalog_duplicates (v)'),
      ).rejects.toThrow(/could not create unique index/);
    });
    expect(await findIndexesOf(['catalog_duplicates'])).toEqual([
      { table: 'catalog_duplicates', name: 'catalog_duplicates_v', columns: ['v'], valid: false },
    ]);
  });
});
