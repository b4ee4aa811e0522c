/** Space: the largest table ranks first, and each size is what the size functions return. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIndexSizes, listTableSizes } from '@/lib/pg/space';
import { withClient } from '../support/sql';

beforeAll(async () => {
  await withClient(async (client) => {
    await client.query(`CREATE TABLE space_giant (id bigserial PRIMARY KEY, body text)`);
    // Large enough to outrank every seeded table, with values long enough to be TOASTed.
    await client.query(
      `INSERT INTO space_giant (body) SELECT repeat(md5(i::text), 40) FROM generate_series(1, 30000) i`,
    );
    await client.query(
      `INSERT INTO space_giant (body) SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 400) GROUP BY 1 = 1`,
    );
    await client.query('ANALYZE space_giant');
  });
});

afterAll(async () => withClient((client) => client.query('DROP TABLE space_giant')));

describe('space', () => {
  it('ranks the largest table first by total size, with heap + index + TOAST adding up', async () => {
    const [first] = await listTableSizes('total');
    expect(first.table).toBe('space_giant');
    const expected = await withClient(
      async (c) =>
        (
          await c.query(`SELECT pg_total_relation_size('space_giant')::float8 AS total, pg_indexes_size('space_giant')::float8 AS idx,
                              pg_total_relation_size(reltoastrelid)::float8 AS toast
                       FROM pg_class WHERE oid = 'space_giant'::regclass`)
        ).rows[0],
    );
    expect(first.totalBytes).toBe(expected.total);
    expect(first.indexBytes).toBe(expected.idx);
    expect(first.toastBytes).toBe(expected.toast);
    expect(first.heapBytes + first.indexBytes + first.toastBytes).toBe(first.totalBytes);
  });

  it('sorts by every offered key', async () => {
    const byName = await listTableSizes('name');
    expect(byName.map((t) => `${t.schema}.${t.table}`)).toEqual(
      [...byName.map((t) => `${t.schema}.${t.table}`)].sort(),
    );
    const byIndex = await listTableSizes('index');
    expect(byIndex.map((t) => t.indexBytes)).toEqual([...byIndex.map((t) => t.indexBytes)].sort((a, b) => b - a));
  });

  it('lists index sizes largest first', async () => {
    const indexes = await listIndexSizes();
    expect(indexes[0].sizeBytes).toBeGreaterThanOrEqual(indexes.at(-1)!.sizeBytes);
    expect(indexes.some((i) => i.index === 'space_giant_pkey')).toBe(true);
  });
});
