/**
 * This database's counters as lib/pg/database.ts reports them: transactions rolled back for the test are counted,
 * and the counters equal pg_stat_database's.
 */
import { describe, expect, it } from 'vitest';
import { getDatabaseCounters } from '@/lib/pg/database';
import { withClient } from '../support/sql';

const flush = (client: { query: (text: string) => Promise<unknown> }) =>
  client.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);

describe('getDatabaseCounters', () => {
  it('counts rolled-back transactions and temporary files as they happen', async () => {
    const before = await getDatabaseCounters();
    await withClient(async (client) => {
      for (let i = 0; i < 5; i++) {
        await client.query('BEGIN');
        await client.query('ROLLBACK');
      }
      // A sort larger than work_mem spills to a temporary file.
      await client.query(`SET work_mem = '64kB'`);
      await client.query('SELECT i FROM generate_series(1, 200000) AS i ORDER BY i DESC');
      await flush(client);
    });
    await expect
      .poll(async () => (await getDatabaseCounters()).xactRollback - before.xactRollback, { timeout: 5_000 })
      .toBeGreaterThanOrEqual(5);
    const after = await getDatabaseCounters();
    expect(after.tempFiles! - before.tempFiles!).toBeGreaterThanOrEqual(1);
  });

  it('equals pg_stat_database for counters nothing else moves', async () => {
    const counters = await getDatabaseCounters();
    const expected = await withClient(
      async (client) =>
        (
          await client.query(
            `SELECT deadlocks::float8 AS deadlocks, conflicts::float8 AS conflicts, stats_reset::text AS reset
             FROM pg_stat_database WHERE datname = current_database()`,
          )
        ).rows[0],
    );
    expect(counters).toMatchObject({
      deadlocks: expected.deadlocks,
      conflicts: expected.conflicts,
      statsReset: expected.reset,
    });
  });
});
