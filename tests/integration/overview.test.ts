/**
 * The overview's figures equal what SQL returns at the same moment, with the conditions created by the test:
 * extra idle sessions, a session running pg_sleep.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getOverviewSnapshot } from '@/lib/monitoring/overview';
import { sqlValue, withClient } from '../support/sql';

const extraSessions: pg.Client[] = [];

beforeAll(async () => {
  for (let i = 0; i < 3; i++) {
    const client = new pg.Client({ connectionString: inject('databaseUrl'), application_name: 'overview-idle' });
    await client.connect();
    extraSessions.push(client);
  }
});

afterAll(async () => {
  await Promise.all(extraSessions.map((client) => client.end()));
});

describe('getOverviewSnapshot', () => {
  it('reports the database size pg_database_size returns', async () => {
    const snapshot = await getOverviewSnapshot();
    expect(snapshot.database.sizeBytes).toBe(Number(await sqlValue<string>('SELECT pg_database_size(current_database())')));
    expect(snapshot.database.name).toBe('halcytone_prod');
  });

  it('counts connections exactly as pg_stat_activity does', async () => {
    await withClient(async (checker) => {
      const snapshot = await getOverviewSnapshot();
      const { rows } = await checker.query<{ in_database: number; on_server: number; idle: number }>(`
        SELECT count(*) FILTER (WHERE datname = current_database())::int AS in_database,
               count(*) FILTER (WHERE backend_type = 'client backend')::int AS on_server,
               count(*) FILTER (WHERE datname = current_database() AND state = 'idle')::int AS idle
        FROM pg_stat_activity`);
      expect(snapshot.connections.inDatabase).toBe(rows[0].in_database);
      expect(snapshot.connections.onServer).toBe(rows[0].on_server);
      // While the snapshot ran, the checker was idle and the console's one monitoring connection was active;
      // while the checker counts, it is the other way round.
      expect(snapshot.connections.byState.find((s) => s.state === 'idle')?.count).toBe(rows[0].idle);
      expect(snapshot.connections.byState.reduce((sum, s) => sum + s.count, 0)).toBe(snapshot.connections.inDatabase);
    });
  });

  it('sees a session running pg_sleep as active', async () => {
    const sleeper = new pg.Client({ connectionString: inject('databaseUrl'), application_name: 'overview-sleeper' });
    await sleeper.connect();
    const sleeping = sleeper.query('SELECT pg_sleep(3)');
    try {
      await expect.poll(async () => (await sqlValue<number>(`SELECT count(*)::int FROM pg_stat_activity WHERE application_name = 'overview-sleeper' AND state = 'active'`)), { timeout: 2_000 }).toBe(1);
      const snapshot = await getOverviewSnapshot();
      // Active: the sleeper and the snapshot's own query (the monitoring connection running it).
      const activeNow = await sqlValue<number>(`SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND application_name <> 'halcytone-test'`);
      expect(snapshot.connections.activeInDatabase).toBe(activeNow + 1);
      expect(snapshot.connections.activeInDatabase).toBeGreaterThanOrEqual(2);
    } finally {
      await sleeping;
      await sleeper.end();
    }
  });

  it('computes the guide cache hit ratio from pg_statio_user_tables', async () => {
    await withClient((client) => client.query('SELECT count(*) FROM content_audit'));
    const snapshot = await getOverviewSnapshot();
    const expected = await withClient(async (client) => {
      const { rows } = await client.query<{ read: number; hit: number }>(
        'SELECT coalesce(sum(heap_blks_read), 0)::float8 AS read, coalesce(sum(heap_blks_hit), 0)::float8 AS hit FROM pg_statio_user_tables',
      );
      return rows[0];
    });
    expect(snapshot.cache.heapRead).toBe(expected.read);
    expect(snapshot.cache.heapHit).toBe(expected.hit);
    const total = expected.hit + expected.read;
    expect(snapshot.cache.ratio).toBe(total === 0 ? null : expected.hit / total);
  });

  it('reports the server version and uptime', async () => {
    const snapshot = await getOverviewSnapshot();
    expect(snapshot.server.version).toBe(await sqlValue<string>('SHOW server_version'));
    expect(snapshot.server.maxConnections).toBe(200);
    expect(snapshot.server.uptimeSeconds).toBeGreaterThan(0);
  });
});
