/** Activity: each condition is created for real, then the report must show it with the right pids. */
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import {
  findIdleInTransaction,
  findLongRunningQueries,
  activityGlanceOf,
  getConnectionHeadroom,
  getConnectionsGroupedBy,
  getServerActivity,
  getWaitEventSummary,
  sampleActiveSessions,
  sendBackendSignal,
} from '@/lib/pg/activity';
import { findBlockingPairs } from '@/lib/pg/locks';
import { getServerIdentity } from '@/lib/pg/server';
import { backendPid, openSession, waitForState } from '../support/sessions';
import { sqlValue, withClient } from '../support/sql';

/** The sampler's glance of this database: one read of the server's sessions, this database's share of it. */
async function glanceHere(longRunningSeconds: number) {
  // One after the other: a second pooled session reading the identity meanwhile would count as active.
  const identity = await getServerIdentity();
  return activityGlanceOf(await getServerActivity(longRunningSeconds), identity.database);
}

describe('activity', () => {
  it('lists a session running pg_sleep as long-running, with its pid, duration and query', async () => {
    const sleeper = await openSession('activity-sleeper');
    const pid = await backendPid(sleeper);
    const sleeping = sleeper.query('SELECT pg_sleep(3) /* activity-test */');
    try {
      await waitForState(pid, 'active');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const rows = await findLongRunningQueries(1);
      const row = rows.find((r) => r.pid === pid);
      expect(row).toMatchObject({
        pid,
        state: 'active',
        application: 'activity-sleeper',
        user: 'postgres',
        waitEventType: 'Timeout',
        waitEvent: 'PgSleep',
      });
      expect(row!.query).toContain('activity-test');
      expect(row!.durationSeconds).toBeGreaterThan(1);
      expect((await findLongRunningQueries(30)).find((r) => r.pid === pid)).toBeUndefined();
      expect((await getWaitEventSummary()).find((w) => w.waitEvent === 'PgSleep')?.count).toBe(1);
    } finally {
      await sleeping;
      await sleeper.end();
    }
  });

  it('counts a parallel query once: its worker is not a client session, as autovacuum workers are not', async () => {
    const session = await openSession('activity-parallel');
    const pid = await backendPid(session);
    // One parallel worker runs the whole plan (debug_parallel_query; force_parallel_mode before 16).
    await session.query(
      `SELECT set_config(CASE WHEN current_setting('server_version_num')::int >= 160000
         THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END, 'on', false)`,
    );
    const running = session.query('SELECT pg_sleep(4) /* activity-parallel */');
    try {
      await expect
        .poll(() => sqlValue<number>('SELECT count(*)::int FROM pg_stat_activity WHERE leader_pid = $1', [pid]))
        .toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      // The guide's SQL, every backend: the query and its worker.
      const guide = await sqlValue<number>(
        `SELECT count(*)::int FROM pg_stat_activity
         WHERE state = 'active' AND now() - query_start > interval '1 second' AND query LIKE '%activity-parallel%'
           AND pid <> pg_backend_pid()`,
      );
      expect(guide).toBe(2);
      const listed = (await findLongRunningQueries(1)).filter((row) => row.query.includes('activity-parallel'));
      expect(listed.map((row) => row.pid)).toEqual([pid]);
      const activity = await getServerActivity(1);
      expect(activity.longRunning.count).toBe((await findLongRunningQueries(1)).length);
    } finally {
      await running;
      await session.end();
    }
  });

  it('samples active sessions by wait class: sleepers counted, idle sessions and the console left out', async () => {
    const sleepers = await Promise.all([openSession('activity-ash'), openSession('activity-ash')]);
    const idle = await openSession('activity-ash-idle');
    const pids = await Promise.all(sleepers.map(backendPid));
    const sleeping = sleepers.map((s) => s.query('SELECT pg_sleep(30)').catch(() => undefined));
    try {
      for (const pid of pids) await waitForState(pid, 'active', 'Timeout');
      const groups = await sampleActiveSessions();
      expect(groups.filter((g) => g.application === 'activity-ash')).toEqual([
        expect.objectContaining({ waitClass: 'Timeout', waitEvent: 'PgSleep', state: 'active', sessions: 2 }),
      ]);
      expect(groups.find((g) => g.application === 'activity-ash')?.queryId).toMatch(/^-?\d+$/);
      expect(
        groups.filter((g) => g.application === 'activity-ash-idle' || g.application === 'halcytone-console'),
      ).toEqual([]);
    } finally {
      await withClient((c) => c.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]));
      await Promise.all(sleeping);
      await Promise.all([...sleepers, idle].map((s) => s.end()));
    }
  });

  it('lists sessions idle in transaction', async () => {
    const idle = await openSession('activity-idle-tx');
    const pid = await backendPid(idle);
    await idle.query('BEGIN');
    await idle.query('SELECT 1');
    try {
      await waitForState(pid, 'idle in transaction');
      expect((await findIdleInTransaction()).map((r) => r.pid)).toContain(pid);
    } finally {
      await idle.end();
    }
  });

  it('counts in one read what the sampler keeps — a sleeper, idle transactions, a lock wait — as psql does', async () => {
    const [holder, waiter, sleeper, idle] = await Promise.all(
      ['glance-holder', 'glance-waiter', 'glance-sleeper', 'glance-idle'].map(openSession),
    );
    const [waiterPid, sleeperPid, idlePid] = await Promise.all([waiter, sleeper, idle].map(backendPid));
    await withClient((c) => c.query('CREATE TABLE IF NOT EXISTS glance_probe (id int)'));
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE glance_probe IN ACCESS EXCLUSIVE MODE');
    const waiting = waiter.query('SELECT count(*) FROM glance_probe').catch(() => undefined);
    const sleeping = sleeper.query('SELECT pg_sleep(30)').catch(() => undefined);
    await idle.query('BEGIN');
    await idle.query('SELECT 1');
    try {
      await waitForState(waiterPid, 'active', 'Lock');
      await waitForState(sleeperPid, 'active', 'Timeout');
      await waitForState(idlePid, 'idle in transaction');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      // psql's session stays open across both reads, so both see the same sessions (each sees itself active).
      await withClient(async (psql) => {
        const glance = await glanceHere(1);
        const { rows } = await psql.query(`
          SELECT
            count(*) FILTER (WHERE datname = current_database())::int AS "inDatabase",
            count(*) FILTER (WHERE datname = current_database() AND state = 'active')::int AS "activeInDatabase",
            count(*) FILTER (WHERE backend_type = 'client backend')::int AS "onServer",
            count(*) FILTER (WHERE state = 'active' AND pid <> pg_backend_pid()
                             AND now() - query_start > interval '1 second')::int AS "longRunning",
            count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS "idleInTransaction",
            count(*) FILTER (WHERE cardinality(pg_blocking_pids(pid)) > 0)::int AS "blockedSessions"
          FROM pg_stat_activity`);
        const psqlSays = rows[0] as Record<string, number>;
        const byState = await psql.query(`
          SELECT coalesce(state, 'unknown') AS state, count(*)::int AS count
          FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1 ORDER BY 2 DESC, 1`);
        expect(glance.connections.byState).toEqual(byState.rows);
        expect(glance.connections).toMatchObject({
          inDatabase: psqlSays.inDatabase,
          activeInDatabase: psqlSays.activeInDatabase,
          onServer: psqlSays.onServer,
        });
        expect(glance).toMatchObject({
          longRunning: { count: psqlSays.longRunning },
          idleInTransaction: psqlSays.idleInTransaction,
          blockedSessions: psqlSays.blockedSessions,
        });
      });
      // The sleeper and the waiter run for longer than a second; the holder and the idle one hold transactions.
      const glance = await glanceHere(1);
      expect(glance.longRunning.count).toBeGreaterThanOrEqual(2);
      expect(glance.longRunning.longestSeconds).toBeGreaterThan(1);
      expect(glance.idleInTransaction).toBeGreaterThanOrEqual(2);
      expect(glance.blockedSessions).toBe(1);
      // The same figures as the reports the pages list rows from.
      const [long, idleRows, pairs] = await Promise.all([
        findLongRunningQueries(1),
        findIdleInTransaction(),
        findBlockingPairs(),
      ]);
      expect(glance.longRunning.count).toBe(long.length);
      expect(glance.longRunning.longestSeconds).toBeCloseTo(long[0].durationSeconds, 0);
      expect(glance.idleInTransaction).toBe(idleRows.length);
      expect(glance.blockedSessions).toBe(new Set(pairs.map((pair) => pair.blockedPid)).size);
      expect(pairs.find((pair) => pair.blockedPid === waiterPid)).toMatchObject({ relation: 'glance_probe' });
    } finally {
      await withClient((c) => c.query('SELECT pg_cancel_backend($1)', [sleeperPid]));
      await holder.query('ROLLBACK');
      await Promise.all([waiting, sleeping]);
      await Promise.all([holder, waiter, sleeper, idle].map((s) => s.end()));
      await withClient((c) => c.query('DROP TABLE IF EXISTS glance_probe'));
    }
  });

  it("counts each database's sessions apart in the one read of the server", async () => {
    await withClient((c) => c.query('CREATE DATABASE activity_elsewhere'));
    const url = new URL(inject('databaseUrl'));
    url.pathname = '/activity_elsewhere';
    const elsewhere = new pg.Client({ connectionString: url.toString(), application_name: 'activity-elsewhere' });
    try {
      await elsewhere.connect();
      await elsewhere.query('BEGIN');
      await elsewhere.query('SELECT 1');
      const pid = await backendPid(elsewhere);
      await waitForState(pid, 'idle in transaction');
      await withClient(async (psql) => {
        const here = await getServerIdentity();
        const server = await getServerActivity(30);
        expect(server.byDatabase.find((entry) => entry.database === 'activity_elsewhere')?.byState).toEqual([
          { state: 'idle in transaction', count: 1 },
        ]);
        const glance = activityGlanceOf(server, here.database);
        // psql's session and the one that read, both on this database; never the other database's session.
        const { rows } = await psql.query(`
          SELECT coalesce(state, 'unknown') AS state, count(*)::int AS count
          FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1 ORDER BY 2 DESC, 1`);
        expect(glance.connections.byState).toEqual(rows);
        expect(glance.connections.inDatabase).toBe(rows.reduce((sum, row) => sum + row.count, 0));
        expect(glance.idleInTransaction).toBe(
          await sqlValue<number>(`SELECT count(*)::int FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'`),
        );
        // A database nobody is connected to has no sessions, rather than another's.
        expect(activityGlanceOf(server, 'no_such_database').connections).toMatchObject({ inDatabase: 0, byState: [] });
      });
    } finally {
      await elsewhere.end().catch(() => undefined);
      await withClient((c) => c.query('DROP DATABASE IF EXISTS activity_elsewhere WITH (FORCE)'));
    }
  });

  it('groups connections by application and reports headroom against max_connections minus the reserve', async () => {
    const a = await openSession('activity-group');
    const b = await openSession('activity-group');
    try {
      const groups = await getConnectionsGroupedBy('application');
      expect(groups.find((g) => g.key === 'activity-group')).toMatchObject({ total: 2, idle: 2, active: 0 });
      const headroom = await getConnectionHeadroom();
      const used = await sqlValue<number>(
        `SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend'`,
      );
      expect(headroom).toMatchObject({ maxConnections: 200, superuserReserved: 3, usable: 197 });
      // The checker's own connection did not exist yet when the report counted.
      expect(headroom.used).toBe(used - 1);
      expect(headroom.free).toBe(197 - headroom.used);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('cancel ends the running statement; terminate ends the session', async () => {
    const victim = await openSession('activity-victim');
    const pid = await backendPid(victim);
    const running = victim.query('SELECT pg_sleep(30)').then(
      () => 'finished',
      (error: Error) => error.message,
    );
    await waitForState(pid, 'active');
    expect((await sendBackendSignal(pid, 'cancel'))?.delivered).toBe(true);
    expect(await running).toContain('canceling statement due to user request');
    expect(await sqlValue<number>('SELECT count(*)::int FROM pg_stat_activity WHERE pid = $1', [pid])).toBe(1);

    const result = await sendBackendSignal(pid, 'terminate');
    expect(result).toMatchObject({ delivered: true, session: { pid, application: 'activity-victim' } });
    await expect
      .poll(() => sqlValue<number>('SELECT count(*)::int FROM pg_stat_activity WHERE pid = $1', [pid]))
      .toBe(0);
    // Gone: there is no such client session to signal.
    expect(await sendBackendSignal(pid, 'terminate')).toBeNull();
  });

  it("refuses to signal what is not a client session of this database: the console's own, another database's", async () => {
    const own = await openSession('halcytone-console sampler');
    const elsewhere = new pg.Client({
      connectionString: inject('databaseUrl').replace(/\/halcytone_prod/, '/postgres'),
      application_name: 'other-database',
    });
    await elsewhere.connect();
    try {
      const ownPid = await backendPid(own);
      const elsewherePid = await backendPid(elsewhere);
      expect(await sendBackendSignal(ownPid, 'terminate')).toBeNull();
      expect(await sendBackendSignal(elsewherePid, 'terminate')).toBeNull();
      // A background process (the checkpointer) neither.
      const checkpointer = await sqlValue<number>(
        `SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'`,
      );
      expect(await sendBackendSignal(checkpointer, 'terminate')).toBeNull();
      expect(
        await sqlValue<number>('SELECT count(*)::int FROM pg_stat_activity WHERE pid = ANY($1)', [
          [ownPid, elsewherePid, checkpointer],
        ]),
      ).toBe(3);
    } finally {
      await Promise.all([own.end(), elsewhere.end()]);
    }
  });

  it("signals another role's session that only names itself like the console's", async () => {
    await withClient((c) => c.query(`CREATE ROLE activity_mimic LOGIN PASSWORD 'mimic-password'`));
    const url = new URL(inject('databaseUrl'));
    url.username = 'activity_mimic';
    url.password = 'mimic-password';
    const mimic = new pg.Client({ connectionString: url.toString(), application_name: 'halcytone-console sampler' });
    mimic.on('error', () => {});
    await mimic.connect();
    try {
      const pid = await backendPid(mimic);
      expect(await sendBackendSignal(pid, 'terminate')).toMatchObject({ delivered: true, session: { pid } });
      await expect
        .poll(() => sqlValue<number>('SELECT count(*)::int FROM pg_stat_activity WHERE pid = $1', [pid]))
        .toBe(0);
    } finally {
      await mimic.end().catch(() => {});
      await withClient((c) => c.query('DROP ROLE activity_mimic'));
    }
  });
});
