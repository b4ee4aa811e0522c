/** Cache reports: a table read for real, then the ratios must equal pg_statio's counters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCacheHitRatio, listIndexCacheHitRatios, listTableCacheHitRatios } from '@/lib/pg/cache';
import { withClient } from '../support/sql';

beforeAll(async () => {
  await withClient(async (client) => {
    await client.query(`CREATE TABLE cache_probe (id serial PRIMARY KEY, a int)`);
    await client.query(`INSERT INTO cache_probe (a) SELECT i FROM generate_series(1, 20000) i`);
    for (let i = 0; i < 5; i++) await client.query(`SELECT count(*) FROM cache_probe`);
    await client.query(`SELECT * FROM cache_probe WHERE id = 42`);
    await client.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
  });
});

afterAll(async () => {
  await withClient((client) => client.query('DROP TABLE IF EXISTS cache_probe'));
});

describe('cache reports', () => {
  it('gives per-table and per-index ratios equal to pg_statio', async () => {
    const tables = await listTableCacheHitRatios();
    const expected = await withClient(
      async (c) =>
        (
          await c.query(
            `SELECT heap_blks_read::float8 AS r, heap_blks_hit::float8 AS h FROM pg_statio_user_tables WHERE relname = 'cache_probe'`,
          )
        ).rows[0],
    );
    const probe = tables.find((t) => t.relation === 'cache_probe')!;
    expect([probe.blocksRead, probe.blocksHit]).toEqual([expected.r, expected.h]);
    expect(probe.ratio).toBeCloseTo(expected.h / (expected.h + expected.r), 12);
    expect((await listIndexCacheHitRatios()).some((i) => i.relation === 'cache_probe_pkey')).toBe(true);
  });
});

describe('the overall ratio', () => {
  it("equals the guide's query over pg_statio_user_tables", async () => {
    const reported = await getCacheHitRatio();
    const expected = await withClient(
      async (c) =>
        (
          await c.query(
            `SELECT coalesce(sum(heap_blks_read), 0)::float8 AS r, coalesce(sum(heap_blks_hit), 0)::float8 AS h FROM pg_statio_user_tables`,
          )
        ).rows[0],
    );
    expect([reported.heapRead, reported.heapHit]).toEqual([expected.r, expected.h]);
    expect(reported.heapHit).toBeGreaterThan(0);
    expect(reported.ratio).toBeCloseTo(expected.h / (expected.h + expected.r), 12);
  });
});
