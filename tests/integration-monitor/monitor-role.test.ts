/**
 * Every report works for a non-superuser with pg_monitor (docs/configuration.md), and sees other roles' sessions and
 * statements, as pg_read_all_stats (part of pg_monitor) allows.
 */
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import * as activity from '@/lib/pg/activity';
import * as cache from '@/lib/pg/cache';
import * as indexes from '@/lib/pg/indexes';
import { getArchiverStatus } from '@/lib/pg/archiver';
import { getServerVersionNum } from '@/lib/pg/client';
import { countLocksByMode, findBlockingPairs } from '@/lib/pg/locks';
import * as maintenance from '@/lib/pg/maintenance';
import { getReplicationSlotReport } from '@/lib/pg/replication-slots';
import { getRecoveryStatus, listReplicas } from '@/lib/pg/replication';
import { getServerInfo } from '@/lib/pg/server';
import * as space from '@/lib/pg/space';
import * as statements from '@/lib/pg/statements';
import { getDatabaseCounters } from '@/lib/pg/database';

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('adminDatabaseUrl'), application_name: 'admin-session' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('reports as a pg_monitor role', () => {
  it('connects as the monitoring role, not a superuser', async () => {
    const url = new URL(inject('databaseUrl'));
    expect(url.username).toBe('halcytone_monitor');
    const isSuper = await asAdmin(
      async (c) =>
        (await c.query(`SELECT rolsuper FROM pg_roles WHERE rolname = 'halcytone_monitor'`)).rows[0].rolsuper,
    );
    expect(isSuper).toBe(false);
  });

  it('runs every report without a privilege error', async () => {
    const reports: [string, () => Promise<unknown>][] = [
      ['server', getServerInfo],
      ['summary', activity.getConnectionSummary],
      ['headroom', activity.getConnectionHeadroom],
      ['by user', () => activity.getConnectionsGroupedBy('user')],
      ['long-running', () => activity.findLongRunningQueries(30)],
      ['idle in transaction', activity.findIdleInTransaction],
      ['wait events', activity.getWaitEventSummary],
      ['active-session sample', activity.sampleActiveSessions],
      ['blocking', findBlockingPairs],
      ['database size', space.getDatabaseSize],
      ['table sizes', () => space.listTableSizes('total')],
      ['index sizes', () => space.listIndexSizes()],
      ['cache', cache.getCacheHitRatio],
      ['cache per table', () => cache.listTableCacheHitRatios()],
      ['cache per index', () => cache.listIndexCacheHitRatios()],
      ['unused indexes', indexes.findUnusedIndexes],
      ['duplicate indexes', indexes.findDuplicateIndexes],
      ['invalid indexes', indexes.findInvalidIndexes],
      ['seq scans', () => indexes.findSeqScanHeavyTables()],
      ['statements', () => statements.listTopStatements('total')],
      ['slow statements', () => statements.countSlowStatements(1000)],
      ['maintenance', () => maintenance.listTableMaintenance()],
      ['wraparound', maintenance.listWraparoundAge],
      ['table wraparound', () => maintenance.listTableWraparoundAge()],
      ['sequences', () => maintenance.findSequencesNearExhaustion(0)],
      ['counters', getDatabaseCounters],
      ['replicas', () => listReplicas()],
      ['recovery', () => getRecoveryStatus()],
      ['slots', getReplicationSlotReport],
      ['locks', countLocksByMode],
      ['archiver', getArchiverStatus],
      ['version', getServerVersionNum],
    ];
    const failures: string[] = [];
    for (const [name, run] of reports) await run().catch((error: Error) => failures.push(`${name}: ${error.message}`));
    expect(failures).toEqual([]);
  });

  it('reads whether archive_command and archive_library are set (pg_read_all_settings), and the slots', async () => {
    const archiver = await getArchiverStatus();
    expect(archiver).toMatchObject({
      archiveCommandSet: false,
      archiveLibrarySet: false,
      archiveLibraryAvailable: true,
    });
    await asAdmin((admin) => admin.query(`SELECT pg_create_physical_replication_slot('monitor_visible', true)`));
    try {
      expect((await getReplicationSlotReport()).slots.find((slot) => slot.name === 'monitor_visible')).toMatchObject({
        active: false,
      });
    } finally {
      await asAdmin((admin) => admin.query(`SELECT pg_drop_replication_slot('monitor_visible')`));
    }
  });

  it("sees another role's running query and its sizes", async () => {
    await asAdmin(async (admin) => {
      const pid = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const running = admin.query('SELECT pg_sleep(2) /* admin-visible */');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const row = (await activity.findLongRunningQueries(1)).find((r) => r.pid === pid);
      expect(row?.query).toContain('admin-visible');
      // The active-session sample sees the other role's wait too (the workload collector runs as this role).
      expect((await activity.sampleActiveSessions()).find((g) => g.application === 'admin-session')).toMatchObject({
        waitClass: 'Timeout',
        waitEvent: 'PgSleep',
        sessions: 1,
      });
      await running;
    });
    expect((await space.listTableSizes('total')).some((t) => t.table === 'content_audit')).toBe(true);
    const sequence = (await maintenance.findSequencesNearExhaustion(0)).find(
      (s) => s.sequence === 'content_audit_id_seq',
    );
    expect(sequence?.maxValue).toBe(2147483647);
  });
});
