/**
 * Every report of lib/pg, the sampler and the /api/metrics exposition, once on each major from 12 to 18: each
 * condition is created for real on that server, then the report's figures must equal what SQL says there. Where
 * a catalog differs by major (pg_stat_statements' column names, wal_status, archive_library), the expectation
 * says which major has what (docs/postgresql-versions.md). tests/unit/version-pass-coverage.test.ts checks that
 * every report function of lib/pg is called here.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConnectionString } from '@/lib/config/connection-string';
import {
  findIdleInTransaction,
  findLongRunningQueries,
  activityGlanceOf,
  getServerActivity,
  getConnectionHeadroom,
  getConnectionsByState,
  getConnectionsGroupedBy,
  getConnectionSummary,
  getWaitEventSummary,
  sendBackendSignal,
} from '@/lib/pg/activity';
import { getArchiverStatus } from '@/lib/pg/archiver';
import { findColumnsOf, findIndexesOf, findKeysOf } from '@/lib/pg/catalog';
import { getCacheHitRatio, listIndexCacheHitRatios, listTableCacheHitRatios } from '@/lib/pg/cache';
import { getServerVersionNum, withDedicatedConnection } from '@/lib/pg/client';
import { getDatabaseCounters } from '@/lib/pg/database';
import { findDuplicateIndexes, findInvalidIndexes, findSeqScanHeavyTables, findUnusedIndexes } from '@/lib/pg/indexes';
import { countLocksByMode, findBlockingPairs } from '@/lib/pg/locks';
import {
  findSequencesNearExhaustion,
  listTableMaintenance,
  listTableWraparoundAge,
  listWraparoundAge,
} from '@/lib/pg/maintenance';
import { getReplicationSlotReport } from '@/lib/pg/replication-slots';
import { getRecoveryStatus, getReplicationSummary, listReplicas } from '@/lib/pg/replication';
import { findRolePrivileges } from '@/lib/pg/roles';
import { getServerIdentity, getServerInfo } from '@/lib/pg/server';
import {
  findSettingsByName,
  findValidHbaRules,
  getDatabaseEncoding,
  getListenAddresses,
  getMaxConnections,
  getSslReport,
} from '@/lib/pg/settings';
import {
  getDatabaseSize,
  getTableSizeSnapshot,
  listIndexSizes,
  getIndexSizeSnapshot,
  listIndexSizesByName,
  listTableSizes,
  listTableSizesByName,
} from '@/lib/pg/space';
import {
  countSlowStatements,
  findStatementText,
  getStatementsAvailability,
  listTopStatements,
  requireStatementsVersion,
  resetStatementStats,
} from '@/lib/pg/statements';
import { findRoleNames, findStatementTexts, readStatementCounters } from '@/lib/pg/statement-counters';
import { renderExposition } from '@/lib/metrics/exposition';
import { takeSample } from '@/lib/sampler/sample';
import { serverUnderTest, type Session } from './server-under-test';

const servers = Object.entries(inject('majorUrls'))
  .map(([major, url]) => serverUnderTest(Number(major), url))
  .sort((a, b) => a.major - b.major);

/** Statistics reach other backends up to 0.5 s after a transaction (the stats collector before 15): poll. */
const POLL = { timeout: 5_000, interval: 100 };

/**
 * The report's figure equals SQL's, read right after it — retried while they differ, since an autovacuum worker
 * can connect, take a lock, grow a file or assign a transaction ID between the two reads.
 */
async function expectSame<T>(report: () => Promise<T>, sql: () => Promise<T>): Promise<void> {
  let last: [T, T] | undefined;
  await expect
    .poll(async () => {
      last = [await report(), await sql()];
      return JSON.stringify(last[0]) === JSON.stringify(last[1]);
    }, POLL)
    .toBe(true)
    .catch((error: unknown) => {
      // Show the two figures that differed, else what failed.
      if (last) expect(last[0]).toEqual(last[1]);
      throw error;
    });
}

describe.each(servers)('PostgreSQL $major', (server) => {
  const { on, sql, value, major } = server;
  const num = async (text: string, values?: unknown[]) => Number(await value(text, values));
  const sessions: Session[] = [];
  const session = async (name: string) => {
    const opened = await server.session(name);
    sessions.push(opened);
    return opened;
  };

  beforeAll(async () => {
    // A physical slot that reserves WAL at once, then WAL written after it: the slot retains it.
    await sql(`SELECT pg_create_physical_replication_slot('v_slot', true)`);
    await sql(`CREATE TABLE v_probe (id int PRIMARY KEY, n int, label text) WITH (autovacuum_enabled = false)`);
    await sql(`INSERT INTO v_probe SELECT i, i % 10, 'row ' || i FROM generate_series(1, 1000) AS i`);
    await sql(`CREATE INDEX v_probe_n ON v_probe (n)`);
    await sql(`CREATE INDEX v_probe_n_id ON v_probe (n, id)`);
    // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind.
    await sql(`CREATE UNIQUE INDEX CONCURRENTLY v_probe_n_unique ON v_probe (n)`).catch(() => undefined);
    await sql(`DELETE FROM v_probe WHERE id <= 100`);
    await sql(`CREATE SEQUENCE v_seq MAXVALUE 100`);
    await sql(`SELECT setval('v_seq', 90)`);
    for (let i = 0; i < 3; i++) await sql(`SELECT count(*) FROM v_probe`);
  });

  afterAll(async () => {
    await Promise.all(sessions.map((opened) => opened.end()));
    await sql(`SELECT pg_drop_replication_slot('v_slot')`);
  });

  it('knows its version', async () => {
    const versionNum = await num(`SELECT current_setting('server_version_num')`);
    expect(Math.floor(versionNum / 10_000)).toBe(major);
    expect(await on(getServerVersionNum)).toBe(versionNum);
    const info = await on(getServerInfo);
    expect(info).toMatchObject({
      versionNum,
      version: await value(`SELECT current_setting('server_version')`),
      maxConnections: 200,
      superuserReservedConnections: 3,
    });
    expect(info.startedAt).toEqual(await value('SELECT pg_postmaster_start_time()'));
  });

  it('reports a sleeping session, one idle in a transaction, and cancels the sleeper', async () => {
    const sleeper = await session('v-sleeper');
    const sleeping = sleeper.client
      .query('SELECT pg_sleep(30) /* version-pass */')
      .catch((error: { code?: string }) => error.code);
    const idle = await session('v-idle');
    await idle.client.query('BEGIN');
    await idle.client.query('SELECT 1');
    await sleeper.waitFor('active');
    await idle.waitFor('idle in transaction');
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const long = (await on(() => findLongRunningQueries(1))).find((row) => row.pid === sleeper.pid);
    expect(long).toMatchObject({
      application: 'v-sleeper',
      state: 'active',
      waitEventType: 'Timeout',
      waitEvent: 'PgSleep',
    });
    expect(long!.durationSeconds).toBeGreaterThan(1);
    expect((await on(findIdleInTransaction)).map((row) => row.pid)).toContain(idle.pid);
    expect((await on(getWaitEventSummary)).find((row) => row.waitEvent === 'PgSleep')?.count).toBe(1);

    const groups = await on(() => getConnectionsGroupedBy('application'));
    expect(groups.find((group) => group.key === 'v-sleeper')).toMatchObject({ total: 1, active: 1 });
    expect(groups.find((group) => group.key === 'v-idle')).toMatchObject({ total: 1, idleInTransaction: 1 });
    await on(() => getConnectionsGroupedBy('user'));
    await on(() => getConnectionsGroupedBy('client'));

    // Each SQL check opens a connection of its own, which the report before it could not see: hence the − 1.
    const inDatabaseSql = async () =>
      (await num(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()`)) - 1;
    await expectSame(async () => (await on(getConnectionSummary)).inDatabase, inDatabaseSql);
    const summary = await on(getConnectionSummary);
    expect(summary.byState.find((row) => row.state === 'idle in transaction')?.count).toBe(1);
    const byState = await on(getConnectionsByState);
    expect(byState.find((row) => row.state === 'active')?.count).toBe(summary.activeInDatabase);
    expect(await on(getConnectionHeadroom)).toMatchObject({ maxConnections: 200, superuserReserved: 3, usable: 197 });
    await expectSame(
      async () => (await on(getConnectionHeadroom)).used,
      async () => (await num(`SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'`)) - 1,
    );

    const signal = await on(() => sendBackendSignal(sleeper.pid, 'cancel'));
    expect(signal?.delivered).toBe(true);
    expect(signal?.session.query).toContain('version-pass');
    expect(await sleeping).toBe('57014');
  });

  it('reports who blocks whom and the locks by mode', async () => {
    const holder = await session('v-holder');
    const waiter = await session('v-waiter');
    await holder.client.query('BEGIN');
    await holder.client.query('LOCK TABLE v_probe IN ACCESS EXCLUSIVE MODE');
    const waiting = waiter.client.query('SELECT count(*) FROM v_probe');
    try {
      await waiter.waitFor('active', 'Lock');
      const pairs = await on(findBlockingPairs);
      expect(pairs.find((pair) => pair.blockedPid === waiter.pid)).toMatchObject({
        blockingPid: holder.pid,
        lockMode: 'AccessShareLock',
        lockType: 'relation',
        relation: 'v_probe',
      });
      // The sampler's one-read counts (a session blocked, the holder idle in its transaction) on every major.
      const { database } = await on(getServerIdentity);
      expect(database).toBe(await value('SELECT current_database()'));
      const glance = activityGlanceOf(await on(() => getServerActivity(1)), database);
      expect(glance.blockedSessions).toBe(new Set(pairs.map((pair) => pair.blockedPid)).size);
      expect(glance.blockedSessions).toBeGreaterThanOrEqual(1);
      expect(glance.idleInTransaction).toBe((await on(findIdleInTransaction)).length);
      const exclusive = () =>
        num(
          `SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = current_database() AND l.mode = 'AccessExclusiveLock'`,
        );
      await expectSame(async () => (await on(countLocksByMode)).accessexclusivelock, exclusive);
      expect(await exclusive()).toBeGreaterThanOrEqual(1);
    } finally {
      await holder.client.query('COMMIT');
      await waiting;
    }
  });

  it('reports the cache, counters and sizes as SQL does', async () => {
    await expect
      .poll(async () => {
        const ratio = await on(getCacheHitRatio);
        const [row] = await sql(
          `SELECT coalesce(sum(heap_blks_read), 0) AS r, coalesce(sum(heap_blks_hit), 0) AS h FROM pg_statio_user_tables`,
        );
        return (
          ratio.heapRead === Number(row.r) &&
          ratio.heapHit === Number(row.h) &&
          ratio.ratio === (ratio.heapHit + ratio.heapRead > 0 ? ratio.heapHit / (ratio.heapHit + ratio.heapRead) : null)
        );
      }, POLL)
      .toBe(true);
    await expect
      .poll(async () => {
        const table = (await on(() => listTableCacheHitRatios())).find((row) => row.table === 'v_probe');
        const index = (await on(() => listIndexCacheHitRatios())).find((row) => row.relation === 'v_probe_pkey');
        const [sqlTable] = await sql(
          `SELECT heap_blks_read + heap_blks_hit AS t FROM pg_statio_user_tables WHERE relname = 'v_probe'`,
        );
        const [sqlIndex] = await sql(
          `SELECT idx_blks_read + idx_blks_hit AS t FROM pg_statio_user_indexes WHERE indexrelname = 'v_probe_pkey'`,
        );
        return (
          table!.blocksRead + table!.blocksHit === Number(sqlTable.t) &&
          index!.blocksRead + index!.blocksHit === Number(sqlIndex.t)
        );
      }, POLL)
      .toBe(true);

    const before = await num(`SELECT tup_inserted FROM pg_stat_database WHERE datname = current_database()`);
    const counters = await on(getDatabaseCounters);
    const after = await num(`SELECT tup_inserted FROM pg_stat_database WHERE datname = current_database()`);
    expect(counters.tupInserted).toBeGreaterThanOrEqual(before);
    expect(counters.tupInserted).toBeLessThanOrEqual(after);
    expect(counters.tupInserted).toBeGreaterThanOrEqual(1000);
    expect(counters.statsReset).toBe(
      await value(`SELECT stats_reset::text FROM pg_stat_database WHERE datname = current_database()`),
    );
    expect(counters.deadlocks).toBe(
      await num(`SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`),
    );

    await expectSame(
      async () => (await on(getDatabaseSize)).sizeBytes,
      () => num('SELECT pg_database_size(current_database())'),
    );
    const table = (await on(() => listTableSizes('total'))).find((row) => row.table === 'v_probe')!;
    const [sizes] = await sql(
      `SELECT pg_total_relation_size('v_probe') AS total, pg_indexes_size('v_probe') AS indexes`,
    );
    expect(table).toMatchObject({ totalBytes: Number(sizes.total), indexBytes: Number(sizes.indexes) });
    await on(() => listTableSizes('rows'));
    expect((await on(() => listIndexSizes())).find((row) => row.index === 'v_probe_n')?.sizeBytes).toBe(
      await num(`SELECT pg_relation_size('v_probe_n')`),
    );
    // Table growth's snapshot query and the keyset-paged live lists (lib/workload/table-growth, the Space page).
    const snapshot = await on(() => getTableSizeSnapshot(500));
    expect(snapshot.tables.find((row) => row.table === 'v_probe')?.totalBytes).toBe(Number(sizes.total));
    expect((await on(() => listTableSizesByName(null, 1000))).rows.some((row) => row.table === 'v_probe')).toBe(true);
    expect((await on(() => listIndexSizesByName(null, 1000))).rows.some((row) => row.index === 'v_probe_n')).toBe(true);
    expect(
      (await on(() => getIndexSizeSnapshot(500))).indexes.find((row) => row.index === 'v_probe_n')?.sizeBytes,
    ).toBe(await num(`SELECT pg_relation_size('v_probe_n')`));
  });

  it('reports unused, duplicate and invalid indexes and sequential-scan-heavy tables', async () => {
    const unused = (await on(findUnusedIndexes)).filter((row) => row.table === 'v_probe').map((row) => row.index);
    expect(unused.sort()).toEqual(['v_probe_n', 'v_probe_n_id']);
    expect((await on(findDuplicateIndexes)).find((row) => row.redundant === 'v_probe_n')).toMatchObject({
      covering: 'v_probe_n_id',
      table: 'v_probe',
    });
    expect((await on(findInvalidIndexes)).map((row) => row.index)).toContain('v_probe_n_unique');
    await expect
      .poll(async () => {
        const heavy = (await on(() => findSeqScanHeavyTables(100))).find((row) => row.table === 'v_probe');
        return (
          heavy?.seqScans === (await num(`SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'v_probe'`)) &&
          heavy.seqScans >= 3
        );
      }, POLL)
      .toBe(true);
  });

  it('reports dead tuples, XID and multixact age, and a sequence near its end', async () => {
    await expect
      .poll(
        async () => (await on(() => listTableMaintenance())).find((row) => row.table === 'v_probe')?.deadTuples,
        POLL,
      )
      .toBe(100);
    expect((await on(() => listTableMaintenance())).find((row) => row.table === 'v_probe')).toMatchObject({
      liveTuples: 900,
      lastVacuum: null,
    });

    expect((await on(listWraparoundAge)).find((row) => row.database === 'halcytone_prod')).toMatchObject({
      freezeMaxAge: 200_000_000,
      multixactFreezeMaxAge: 400_000_000,
    });
    await expectSame(
      async () =>
        (await on(listWraparoundAge))
          .filter((row) => row.database === 'halcytone_prod')
          .map(({ xidAge, mxidAge }) => ({ xidAge, mxidAge })),
      async () =>
        (
          await sql(
            `SELECT age(datfrozenxid) AS x, mxid_age(datminmxid) AS m FROM pg_database WHERE datname = current_database()`,
          )
        ).map((row) => ({ xidAge: Number(row.x), mxidAge: Number(row.m) })),
    );
    await expectSame(
      async () => (await on(() => listTableWraparoundAge(10_000))).find((row) => row.table === 'v_probe'),
      async () =>
        (
          await sql(`SELECT age(relfrozenxid) AS x, mxid_age(relminmxid) AS m FROM pg_class WHERE relname = 'v_probe'`)
        ).map((row) => ({ schema: 'public', table: 'v_probe', xidAge: Number(row.x), mxidAge: Number(row.m) }))[0],
    );

    expect((await on(() => findSequencesNearExhaustion(0.5))).find((row) => row.sequence === 'v_seq')).toMatchObject({
      lastValue: 90,
      maxValue: 100,
    });
  });

  it('reports no replicas on a primary, and an inactive slot retaining WAL', async () => {
    expect(await on(() => listReplicas())).toEqual([]);
    expect(await on(getReplicationSummary)).toEqual({ replicas: 0, maxLagSeconds: null });
    expect(await on(() => getRecoveryStatus())).toEqual({ inRecovery: false, lagSeconds: null });

    const retained = `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) FROM pg_replication_slots WHERE slot_name = 'v_slot'`;
    const before = await num(retained);
    const report = await on(getReplicationSlotReport);
    const after = await num(retained);
    const slot = report.slots.find((row) => row.name === 'v_slot')!;
    expect(slot).toMatchObject({ type: 'physical', database: null, active: false, activePid: null, temporary: false });
    expect(slot.retainedBytes).toBeGreaterThan(0);
    expect(slot.retainedBytes).toBeGreaterThanOrEqual(before);
    expect(slot.retainedBytes).toBeLessThanOrEqual(after);
    expect(slot.problem).toMatch(/^inactive and retaining WAL/);
    if (major >= 13) {
      expect(report).toMatchObject({ walStatusAvailable: true, maxSlotWalKeepSize: '-1' });
      expect(slot.walStatus).toBe(
        await value(`SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'v_slot'`),
      );
      expect(slot.safeWalSizeBytes).toBeNull();
    } else {
      expect(report).toMatchObject({ walStatusAvailable: false, maxSlotWalKeepSize: null });
      expect(slot).toMatchObject({ walStatus: null, safeWalSizeBytes: null });
    }
  });

  it('reads pg_stat_statements with the columns of its extension version', async () => {
    const version = await value(`SELECT extversion FROM pg_extension WHERE extname = 'pg_stat_statements'`);
    expect(await on(getStatementsAvailability)).toEqual({ created: true, preloaded: true, version });
    await on(resetStatementStats);
    for (let i = 0; i < 7; i++) await sql('SELECT count(*) FROM v_probe WHERE n = $1', [i]);

    const top = (await on(() => listTopStatements('calls'))).find((row) =>
      row.query.includes('FROM v_probe WHERE n = $1'),
    )!;
    const meanColumn = major >= 13 ? 'mean_exec_time' : 'mean_time';
    const [stat] = await sql(
      `SELECT calls, rows, ${meanColumn} AS mean FROM pg_stat_statements WHERE queryid = $1::bigint`,
      [top.queryId],
    );
    expect(top).toMatchObject({ calls: 7, rows: 7, user: 'postgres' });
    expect(top.calls).toBe(Number(stat.calls));
    expect(top.meanMs).toBe(Number(stat.mean));
    expect(await on(() => findStatementText(top.queryId))).toBe(top.query);
    // The workload history's read: counters without text, the columns each extension version has.
    expect(await on(requireStatementsVersion)).toBe(version);
    const counters = await on(readStatementCounters);
    const probe = counters.rows.find((row) => row.queryId === top.queryId)!;
    expect(probe).toMatchObject({ calls: 7, rows: 7, toplevel: major >= 14 ? true : null });
    expect([probe.walBytes === null, probe.statsSince === null]).toEqual([major < 13, major < 17]);
    expect([counters.info.dealloc === null, counters.info.statsReset === null]).toEqual([major < 14, major < 14]);
    expect((await on(() => findStatementTexts([top.queryId]))).get(top.queryId)).toBe(top.query);
    expect((await on(() => findRoleNames([probe.userId]))).get(probe.userId)).toBe('postgres');
    await on(() => listTopStatements('total'));
    await on(() => listTopStatements('mean'));
    // The report's own statements are recorded as they run: its count lies between SQL's before and after.
    const slowSql = `SELECT count(*) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND ${meanColumn} > 0`;
    const slowBefore = await num(slowSql);
    const slow = await on(() => countSlowStatements(0));
    expect(slow).toBeGreaterThanOrEqual(slowBefore);
    expect(slow).toBeLessThanOrEqual(await num(slowSql));
  });

  // EXPLAIN, plain and ANALYZE, needs an EXPLAIN role: covered on every version by explain-version.test.ts.
  it('reads the settings, catalog and role privileges the checklist judges', async () => {
    expect(await on(getMaxConnections)).toBe(await num('SHOW max_connections'));
    expect(await on(getListenAddresses)).toBe(await value('SHOW listen_addresses'));
    expect((await on(getDatabaseEncoding)).encoding).toBe(
      await value('SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()'),
    );
    const settings = await on(() => findSettingsByName(['shared_buffers', 'work_mem', 'no_such_setting']));
    expect(settings.map((setting) => setting.name).sort()).toEqual(['shared_buffers', 'work_mem']);
    expect((await on(findValidHbaRules)).length).toBe(
      await num('SELECT count(*) FROM pg_hba_file_rules WHERE error IS NULL'),
    );
    const ssl = await on(() => getSslReport());
    expect([ssl.ssl, ssl.minProtocol]).toEqual([await value('SHOW ssl'), await value('SHOW ssl_min_protocol_version')]);

    const columns = await on(() => findColumnsOf(['v_probe']));
    expect(columns.map((column) => `${column.name} ${column.type}`).sort()).toEqual([
      'id integer',
      'label text',
      'n integer',
    ]);
    expect(await on(() => findKeysOf(['v_probe']))).toEqual([{ table: 'v_probe', kind: 'p', columns: ['id'] }]);
    const indexes = await on(() => findIndexesOf(['v_probe']));
    expect(indexes.find((index) => index.name === 'v_probe_n_id')).toMatchObject({ columns: ['n', 'id'], valid: true });
    expect(indexes.find((index) => index.name === 'v_probe_n_unique')?.valid).toBe(false);

    const role = await on(async () => findRolePrivileges(String(await value('SELECT current_user')), ['v_probe']));
    expect(role).toMatchObject({
      superuser: await value('SELECT rolsuper FROM pg_roles WHERE rolname = current_user'),
      tablesMissingGrants: [],
    });
  });

  it('reports WAL archiving, with archive_library from 15', async () => {
    await sql('SELECT pg_switch_wal()');
    await expect.poll(async () => num('SELECT archived_count FROM pg_stat_archiver'), POLL).toBeGreaterThanOrEqual(1);
    const status = await on(getArchiverStatus);
    const [archiver] = await sql(
      'SELECT archived_count, last_archived_wal, last_archived_time, failed_count FROM pg_stat_archiver',
    );
    expect(status).toMatchObject({
      archiveMode: 'on',
      archivedCount: Number(archiver.archived_count),
      lastArchivedWal: archiver.last_archived_wal,
      lastArchivedAt: archiver.last_archived_time,
      failedCount: 0,
    });
    if (major >= 15)
      expect(status).toMatchObject({
        archiveCommandSet: false,
        archiveLibrarySet: true,
        archiveLibraryAvailable: true,
      });
    else
      expect(status).toMatchObject({
        archiveCommandSet: true,
        archiveLibrarySet: null,
        archiveLibraryAvailable: false,
      });
  });

  it('takes a sample and exposes it for Prometheus', async () => {
    const idle = await session('v-sample-idle');
    await idle.client.query('BEGIN');
    await idle.client.query('SELECT 1');
    await idle.waitFor('idle in transaction');
    const sample = await on(takeSample);
    const idleInTransaction = await num(
      `SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'`,
    );
    expect(idleInTransaction).toBeGreaterThanOrEqual(1);
    expect(sample.server.version).toBe(await value(`SELECT current_setting('server_version')`));
    expect(sample).toMatchObject({
      idleInTransaction,
      blockedSessions: 0,
      replication: { replicas: 0, maxLagSeconds: null },
      recovery: { inRecovery: false, lagSeconds: null },
    });
    expect(sample.database.name).toBe('halcytone_prod');
    await expectSame(
      async () => (await on(takeSample)).database.sizeBytes,
      () => num('SELECT pg_database_size(current_database())'),
    );
    await expectSame(
      async () => (await on(takeSample)).connections.inDatabase,
      async () => (await num(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()`)) - 1,
    );
    expect(sample.slowQueries).not.toBeNull();

    const text = renderExposition([{ target: `pg${major}`, up: true, sample }]);
    expect(text).toContain(`pg_up{target="pg${major}"} 1\n`);
    expect(text).toContain(`pg_settings_max_connections{target="pg${major}"} 200\n`);
    expect(text).toContain(
      `pg_database_size_bytes{target="pg${major}",datname="halcytone_prod"} ${sample.database.sizeBytes}\n`,
    );
    expect(text).toContain(
      `pg_stat_activity_count{target="pg${major}",datname="halcytone_prod",state="idle in transaction"} ${idleInTransaction}\n`,
    );
    expect(text).toContain(`pg_is_in_recovery{target="pg${major}"} 0\n`);
    for (const line of text.trim().split('\n'))
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[\d.e+]+)$/);
  });

  it("takes the same sample over the sampler's own connection, its statements sent as one message", async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const target = { name: `pg${major}`, connection: parseConnectionString(server.url) };
      const gathered = await withDedicatedConnection(target, { client }, () => takeSample());
      const pooled = await on(takeSample);
      expect(gathered.server).toEqual(pooled.server);
      expect(gathered.database.name).toBe(pooled.database.name);
      expect(gathered).toMatchObject({
        replication: pooled.replication,
        recovery: pooled.recovery,
        slowQueries: { thresholdMs: pooled.slowQueries!.thresholdMs },
      });
      expect(gathered.counters.xactCommit).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });
});
