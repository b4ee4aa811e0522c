/** Index reports, each checked against a condition the test creates. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDuplicateIndexes, findInvalidIndexes, findSeqScanHeavyTables, findUnusedIndexes } from '@/lib/pg/indexes';
import { withClient } from '../support/sql';

beforeAll(async () => {
  await withClient(async (client) => {
    await client.query(`CREATE TABLE idx_probe (id serial PRIMARY KEY, a int, b int, c text UNIQUE)`);
    await client.query(`INSERT INTO idx_probe (a, b, c) SELECT i % 10, i, 'v' || i FROM generate_series(1, 20000) i`);
    await client.query(`CREATE INDEX idx_probe_a ON idx_probe (a)`);
    await client.query(`CREATE INDEX idx_probe_a_b ON idx_probe (a, b)`);
    await client.query(`CREATE INDEX idx_probe_b_partial ON idx_probe (b) WHERE a = 1`);
    await client.query(`CREATE INDEX idx_probe_b ON idx_probe (b)`);
    await client.query(`ANALYZE idx_probe`);
    // Sequential scans only: a full count, five times.
    for (let i = 0; i < 5; i++) await client.query(`SELECT count(*) FROM idx_probe`);
  });
});

afterAll(async () => {
  await withClient((client) => client.query('DROP TABLE IF EXISTS idx_probe, dup_fail'));
});

describe('index reports', () => {
  it('lists never-scanned indexes with their size, but not unique or primary-key ones', async () => {
    await withClient(async (client) => {
      // Wait for the backends' statistics to be flushed (at most 1 s after a transaction, PostgreSQL 15+).
      await client.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
    });
    const unused = (await findUnusedIndexes()).filter((i) => i.table === 'idx_probe');
    expect(unused.map((i) => i.index).sort()).toEqual([
      'idx_probe_a',
      'idx_probe_a_b',
      'idx_probe_b',
      'idx_probe_b_partial',
    ]);
    const size = await withClient(async (c) =>
      Number((await c.query(`SELECT pg_relation_size('idx_probe_a') AS s`)).rows[0].s),
    );
    expect(unused.find((i) => i.index === 'idx_probe_a')?.sizeBytes).toBe(size);
  });

  it('stops listing an index once it is used', async () => {
    await withClient(async (client) => {
      await client.query('SET enable_seqscan = off');
      await client.query('SELECT * FROM idx_probe WHERE b = 42');
      await client.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
    });
    await expect
      .poll(async () => (await findUnusedIndexes()).some((i) => i.index === 'idx_probe_b'), { timeout: 3_000 })
      .toBe(false);
  });

  it('finds an index that is a leading prefix of another on the same table, and not the partial one', async () => {
    const duplicates = (await findDuplicateIndexes()).filter((d) => d.table === 'idx_probe');
    expect(duplicates.map((d) => [d.redundant, d.covering])).toEqual([['idx_probe_a', 'idx_probe_a_b']]);
  });

  it('reports an index left invalid by a failed CREATE INDEX CONCURRENTLY', async () => {
    await withClient(async (client) => {
      await client.query(`CREATE TABLE dup_fail (v int)`);
      await client.query(`INSERT INTO dup_fail VALUES (1), (1)`);
      await expect(client.query(`CREATE UNIQUE INDEX CONCURRENTLY dup_fail_v ON dup_fail (v)`)).rejects.toThrow(
        /could not create unique index/,
      );
    });
    expect((await findInvalidIndexes()).map((i) => i.index)).toContain('dup_fail_v');
  });

  it('flags tables read mostly by sequential scans', async () => {
    const heavy = await findSeqScanHeavyTables(10_000);
    const probe = heavy.find((t) => t.table === 'idx_probe');
    expect(probe).toBeDefined();
    expect(probe!.seqScans).toBeGreaterThanOrEqual(5);
    expect(probe!.seqScanShare).toBeGreaterThan(0.5);
  });
});
