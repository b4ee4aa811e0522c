/**
 * The active-session sample (lib/pg/activity.ts sampleActiveSessions, the workload collector's query) on each major
 * from 12 to 18: sleeping sessions are counted in their wait class, idle ones are not, and query_id is read where the
 * server has it (14+) and is NULL before — the same value pg_stat_activity shows. And a wait for a row (what the
 * lock-wait history stores most) is reported with the row's table, its holder's start and both users.
 */
import { describe, expect, inject, it } from 'vitest';
import { sampleActiveSessions } from '@/lib/pg/activity';
import { findBlockingPairs } from '@/lib/pg/locks';
import { serverUnderTest } from './server-under-test';

const servers = Object.entries(inject('majorUrls'))
  .map(([major, url]) => serverUnderTest(Number(major), url))
  .sort((a, b) => a.major - b.major);

describe.each(servers)('PostgreSQL $major', (server) => {
  it('samples active sessions by wait class, with query_id from 14 on', async () => {
    const sleepers = await Promise.all([server.session('v-ash'), server.session('v-ash')]);
    const idle = await server.session('v-ash-idle');
    const sleeping = sleepers.map((s) => s.client.query('SELECT pg_sleep(30)').catch(() => undefined));
    try {
      for (const sleeper of sleepers) await sleeper.waitFor('active', 'Timeout');
      const groups = await server.on(sampleActiveSessions);
      const queryId = await server.value(
        `SELECT ${server.major >= 14 ? 'query_id::text' : 'NULL'} FROM pg_stat_activity WHERE pid = $1`,
        [sleepers[0].pid],
      );
      expect(groups.filter((group) => group.application === 'v-ash')).toEqual([
        {
          waitClass: 'Timeout',
          waitEvent: 'PgSleep',
          state: 'active',
          queryId,
          user: 'postgres',
          application: 'v-ash',
          sessions: 2,
        },
      ]);
      if (server.major < 14) expect(queryId).toBeNull();
      expect(groups.some((group) => group.application === 'v-ash-idle')).toBe(false);
      expect(groups.some((group) => group.application?.startsWith('halcytone-console'))).toBe(false);
    } finally {
      await server.sql('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [sleepers.map((s) => s.pid)]);
      await Promise.all(sleeping);
      await Promise.all([...sleepers, idle].map((s) => s.end()));
    }
  });

  it('names the table of a row-lock wait, the blocker and the users', async () => {
    await server.sql('CREATE TABLE IF NOT EXISTS v_row_lock (id int PRIMARY KEY, v text)');
    await server.sql(`INSERT INTO v_row_lock VALUES (1, 'a') ON CONFLICT DO NOTHING`);
    const holder = await server.session('v-row-holder');
    const waiter = await server.session('v-row-waiter');
    await holder.client.query('BEGIN');
    await holder.client.query(`UPDATE v_row_lock SET v = 'b' WHERE id = 1`);
    const waiting = waiter.client.query(`UPDATE v_row_lock SET v = 'c' WHERE id = 1`).catch(() => undefined);
    try {
      await waiter.waitFor('active', 'Lock');
      const pairs = await server.on(findBlockingPairs);
      expect(pairs.find((pair) => pair.blockedPid === waiter.pid)).toMatchObject({
        blockingPid: holder.pid,
        lockMode: 'ShareLock',
        lockType: 'transactionid',
        relation: 'v_row_lock',
        blockedUser: 'postgres',
        blockingUser: 'postgres',
        blockingStartedAt: await server.value('SELECT backend_start FROM pg_stat_activity WHERE pid = $1', [
          holder.pid,
        ]),
      });
    } finally {
      await holder.client.query('ROLLBACK');
      await waiting;
      await Promise.all([holder.end(), waiter.end()]);
      await server.sql('DROP TABLE v_row_lock');
    }
  });
});
