/**
 * Backups against the real server and the Debian pg_dump/pg_restore: the round trip with matching counts, a
 * pg_dump killed mid-run, unreachable storage and retention. The version-mismatch explanation (a server newer
 * than the installed pg_dump) is checked in the version pass, on PostgreSQL 18: tests/integration-versions.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { getPrisma } from '@/lib/db';
import { getEnv, type Env } from '@/lib/env';
import type { BackupOptions } from '@/lib/backup/options';
import { findPgTool } from '@/lib/backup/pg-tools';
import { applyRetention } from '@/lib/backup/retention';
import { failAbandonedWork } from '@/lib/backup/abandoned';
import { startFullRestore, startRestoreVerify } from '@/lib/backup/restore';
import { runScheduledWork } from '@/lib/backup/scheduler';
import { activeDumpPid, requestBackupCancel, runBackup } from '@/lib/backup/run-backup';
import { withClient } from '../support/sql';

const everything: BackupOptions = { compression: 9, section: 'all', tables: [], storage: 'local' };
const admin = { id: null, email: 'admin@example.com' };
let backupDir: string;
let env: Env;
// Collected before the tests run: the round trip needs a pg_dump at least as new as the server.
const dumpCanReadServer = (await findPgTool('pg_dump', undefined)).major >= inject('postgresMajor');

beforeAll(async () => {
  backupDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-backups-'));
  env = getEnv({ ...process.env, BACKUP_DIR: backupDir });
  await withClient((c) =>
    c.query(`INSERT INTO content_audit (content_id, operation, user_id, "timestamp", metadata)
             SELECT 'backup-' || i, 'create', 'u' || (i % 7), localtimestamp, '{"k": 1}' FROM generate_series(1, 2500) AS i`),
  );
});

afterAll(async () => {
  await rm(backupDir, { recursive: true, force: true });
});

const waitFor = async (condition: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.runIf(dumpCanReadServer)('with a pg_dump that can read the server', () => {
  it('backs up, records size, sha256 and counts, and restore-verify finds the same tables, indexes and rows', async () => {
    const { runId, finished } = await runBackup(
      { options: everything, trigger: 'manual', startedBy: 'operator@example.com' },
      env,
    );
    const outcome = await finished;
    expect(outcome).toMatchObject({ status: 'succeeded', error: null });
    const run = await getPrisma().backupRun.findUniqueOrThrow({ where: { id: BigInt(runId) } });
    expect(await readdir(backupDir)).toEqual([run.storageLocation]);
    expect(run.sha256).toMatch(/^[0-9a-f]{64}$/);
    const manifest = run.manifest as { tables: { name: string; rows: number }[]; indexes: string[] };
    const audited = await withClient(async (c) =>
      Number((await c.query('SELECT count(*) AS n FROM content_audit')).rows[0].n),
    );
    expect(manifest.tables.find((t) => t.name === 'public.content_audit')?.rows).toBe(audited);
    expect(manifest.indexes).toContain('public.idx_content_audit_content_id');

    const verify = await startRestoreVerify(runId, 'operator@example.com', env);
    const result = await verify.finished;
    expect(result).toMatchObject({ status: 'succeeded', differences: [], error: null });
    const scratchLeft = await withClient(
      async (c) => (await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'halcytone_verify_%'`)).rowCount,
    );
    expect(scratchLeft).toBe(0);
  });

  /** A backup whose pg_dump is waiting for a table lock held here, so it is surely mid-run; released after `act`. */
  async function backupHeldOnLock(act: (runId: string) => Promise<void>) {
    return withClient(async (blocker) => {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE content_metrics IN ACCESS EXCLUSIVE MODE');
      const { runId, finished } = await runBackup(
        { options: everything, trigger: 'manual', startedBy: 'operator@example.com' },
        env,
      );
      await waitFor(() => activeDumpPid(runId) !== undefined, 'pg_dump to start');
      await waitFor(
        async () =>
          (await withClient(
            async (c) =>
              (
                await c.query(
                  `SELECT 1 FROM pg_stat_activity WHERE application_name = 'halcytone-console backup' AND wait_event_type = 'Lock'`,
                )
              ).rowCount ?? 0,
          )) > 0,
        'pg_dump to wait',
      );
      await act(runId);
      // Settles before the lock is released: the run must not wait for its own manifest count.
      const outcome = await finished;
      await blocker.query('ROLLBACK');
      const leftFiles = (await readdir(backupDir)).filter((name) => name.includes(`_${runId}.dump`));
      return { runId, outcome, leftFiles };
    });
  }

  it('a pg_dump killed mid-run gives a failed run and leaves no file', async () => {
    const { runId, outcome, leftFiles } = await backupHeldOnLock(
      async (runId) => void process.kill(activeDumpPid(runId)!, 'SIGKILL'),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toContain('pg_dump was stopped by SIGKILL');
    expect(
      (await getPrisma().backupRun.findUniqueOrThrow({ where: { id: BigInt(runId) } })).storageLocation,
    ).toBeNull();
    expect(leftFiles).toEqual([]);
  });

  it('a cancelled run is marked cancelled and keeps nothing', async () => {
    const { outcome, leftFiles } = await backupHeldOnLock(
      async (runId) => void expect(await requestBackupCancel(runId)).toBe(true),
    );
    expect(outcome.status).toBe('cancelled');
    expect(leftFiles).toEqual([]);
  });

  it('the scheduler removes partial files of dead runs, never the one a running backup writes', async () => {
    await getPrisma().backupSettings.update({ where: { id: 1 }, data: { backupEnabled: false, verifyEnabled: false } });
    await writeFile(path.join(backupDir, 'halcytone_prod_20260101_000000_999.dump.partial'), 'half a dump');
    const { outcome } = await backupHeldOnLock(async (runId) => {
      await runScheduledWork(new Date(), env);
      const files = await readdir(backupDir);
      expect(files).not.toContain('halcytone_prod_20260101_000000_999.dump.partial');
      expect(files.filter((name) => name.endsWith(`_${runId}.dump.partial`))).toHaveLength(1);
      await requestBackupCancel(runId);
    });
    expect(outcome.status).toBe('cancelled');
  });

  it('unreachable storage fails the run with a message naming the place', async () => {
    const file = path.join(backupDir, 'not-a-directory');
    await writeFile(file, 'x');
    const broken = getEnv({ ...process.env, BACKUP_DIR: path.join(file, 'backups') });
    const { finished } = await runBackup(
      { options: everything, trigger: 'manual', startedBy: 'operator@example.com' },
      broken,
    );
    const outcome = await finished;
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toContain(`Cannot create the backup directory ${path.join(file, 'backups')}`);
    await rm(file);
  });

  it('only one backup runs at a time', async () => {
    const first = await runBackup({ options: everything, trigger: 'manual', startedBy: 'a@example.com' }, env);
    await expect(
      runBackup({ options: everything, trigger: 'manual', startedBy: 'b@example.com' }, env),
    ).rejects.toThrow('Another backup is running');
    await first.finished;
  });
  it('verifies as an ordinary role with CREATEDB: tables, indexes and rows match; what only a superuser may restore is noted', async () => {
    const newest = await getPrisma().backupRun.findFirstOrThrow({
      where: { status: 'succeeded', options: { path: ['section'], equals: 'all' } },
      orderBy: { id: 'desc' },
    });
    await withClient((c) => c.query(`CREATE ROLE verify_role LOGIN PASSWORD 'verify-password' CREATEDB`));
    const url = new URL(inject('databaseUrl'));
    url.username = 'verify_role';
    url.password = 'verify-password';
    const asRole = getEnv({ ...process.env, DATABASE_URL: url.toString(), BACKUP_DIR: backupDir });
    const { finished } = await startRestoreVerify(newest.id.toString(), 'operator@example.com', asRole);
    const outcome = await finished;
    expect(outcome).toMatchObject({ status: 'succeeded', differences: [] });
    expect(outcome.error).toContain('Tables, indexes and row counts match; pg_restore also reported');
    expect(outcome.error).not.toContain('verify-password');
  });

  it('runs one restore at a time', async () => {
    const newest = await getPrisma().backupRun.findFirstOrThrow({
      where: { status: 'succeeded', options: { path: ['section'], equals: 'all' } },
      orderBy: { id: 'desc' },
    });
    const first = await startRestoreVerify(newest.id.toString(), 'a@example.com', env);
    await expect(startRestoreVerify(newest.id.toString(), 'b@example.com', env)).rejects.toThrow(
      'Another restore or restore-verify is running',
    );
    expect(await first.finished).toMatchObject({ status: 'succeeded' });
  });

  it('restores in full into a named database with --clean --if-exists, twice, with the rows of the backup', async () => {
    const newest = await getPrisma().backupRun.findFirstOrThrow({
      where: { status: 'succeeded', options: { path: ['section'], equals: 'all' } },
      orderBy: { id: 'desc' },
    });
    const manifest = newest.manifest as { tables: { name: string; rows: number }[] };
    for (let round = 0; round < 2; round++) {
      const { finished } = await startFullRestore(
        {
          backupId: newest.id.toString(),
          targetDatabase: 'halcytone_restore_test',
          overwriteLiveDatabase: false,
          actor: admin,
        },
        env,
      );
      expect(await finished).toMatchObject({ status: 'succeeded', error: null });
    }
    const restoredUrl = inject('databaseUrl').replace(/\/[^/?]+(\?|$)/, '/halcytone_restore_test$1');
    const pg = (await import('pg')).default;
    const restored = new pg.Client({ connectionString: restoredUrl });
    await restored.connect();
    const rows = Number((await restored.query('SELECT count(*) AS n FROM content_audit')).rows[0].n);
    await restored.end();
    expect(rows).toBe(manifest.tables.find((t) => t.name === 'public.content_audit')!.rows);
    await withClient((c) => c.query('DROP DATABASE halcytone_restore_test WITH (FORCE)'));
  });

  it('refuses to restore over the live database unless that is chosen explicitly, and refuses odd names', async () => {
    const newest = await getPrisma().backupRun.findFirstOrThrow({
      where: { status: 'succeeded' },
      orderBy: { id: 'desc' },
    });
    const live = new URL(inject('databaseUrl')).pathname.slice(1);
    await expect(
      startFullRestore(
        { backupId: newest.id.toString(), targetDatabase: live, overwriteLiveDatabase: false, actor: admin },
        env,
      ),
    ).rejects.toThrow('is the live database the console watches');
    await expect(
      startFullRestore(
        {
          backupId: newest.id.toString(),
          targetDatabase: 'x"; DROP DATABASE y; --',
          overwriteLiveDatabase: false,
          actor: admin,
        },
        env,
      ),
    ).rejects.toThrow('A database name starts with a letter');
  });

  it('the schedule runs a due backup once per slot, then a due restore-verify of the newest backup', async () => {
    const prisma = getPrisma();
    await prisma.backupSettings.update({
      where: { id: 1 },
      data: {
        backupCron: '0 2 * * *',
        verifyCron: '0 4 * * 0',
        backupEnabled: true,
        verifyEnabled: true,
        lastBackupSlot: null,
        lastVerifySlot: null,
        backupScheduleSetAt: new Date('2026-01-01T00:00:00Z'),
        verifyScheduleSetAt: new Date('2026-01-01T00:00:00Z'),
      },
    });
    const thursday = new Date('2026-11-26T02:00:30Z');
    const first = await runScheduledWork(thursday, env);
    expect(first.backup).toMatchObject({ status: 'succeeded' });
    expect(first.retention).toBeUndefined(); // nothing was old enough to expire
    // Sunday 2026-11-22 04:00 passed after the schedule was set and never ran: it runs now, once.
    expect(first.verify).toMatchObject({ status: 'succeeded' });
    const scheduled = await prisma.backupRun.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(scheduled).toMatchObject({ trigger: 'schedule', startedBy: 'schedule', status: 'succeeded' });
    expect(await runScheduledWork(thursday, env)).toEqual({});

    // Saving retention does not move the schedule's start: the next slot still runs.
    const { updateBackupSettings, getBackupSettings } = await import('@/lib/backup/settings');
    const current = await getBackupSettings();
    await updateBackupSettings(
      { id: null, email: 'admin@example.com' },
      {
        backupCron: current.backupCron,
        backupEnabled: true,
        verifyCron: current.verifyCron,
        verifyEnabled: true,
        retentionDays: 40,
        keepNewest: 7,
        compression: 9,
      },
      'UTC',
    );
    expect((await getBackupSettings()).backupScheduleSetAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');

    const sunday = new Date('2026-11-29T04:00:30Z');
    const second = await runScheduledWork(sunday, env);
    expect(second.verify).toMatchObject({ status: 'succeeded' });
    const verified = await prisma.restoreRun.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(verified).toMatchObject({ kind: 'verify', startedBy: 'schedule', status: 'succeeded' });
    expect((second.backup as { runId: string }).runId).toBe(verified.backupId.toString());
  });
});

describe('work whose process died', () => {
  it('is marked failed once its heartbeat has been silent for a minute', async () => {
    const prisma = getPrisma();
    const run = await prisma.backupRun.create({
      data: {
        startedBy: 't',
        trigger: 'manual',
        databaseName: 'db',
        serverVersion: '15',
        pgDumpVersion: '15',
        options: everything,
        storageKind: 'local',
        heartbeatAt: new Date(Date.now() - 120_000),
      },
    });
    const alive = await prisma.backupRun.create({
      data: {
        startedBy: 't',
        trigger: 'manual',
        databaseName: 'db',
        serverVersion: '15',
        pgDumpVersion: '15',
        options: everything,
        storageKind: 'local',
      },
    });
    expect((await failAbandonedWork()).backups).toBe(1);
    expect((await prisma.backupRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe('failed');
    expect((await prisma.backupRun.findUniqueOrThrow({ where: { id: alive.id } })).status).toBe('running');
    await prisma.backupRun.update({ where: { id: alive.id }, data: { status: 'failed' } });
  });
});

describe('retention', () => {
  it('deletes backups older than N days but keeps the newest K successful ones', async () => {
    const prisma = getPrisma();
    await prisma.backupRun.updateMany({
      where: { status: 'succeeded', deletedAt: null },
      data: { deletedAt: new Date() },
    });
    const day = 86_400_000;
    const ids: bigint[] = [];
    for (const ageDays of [40, 35, 31, 10]) {
      const name = `retention_${ageDays}.dump`;
      await writeFile(path.join(backupDir, name), 'dump');
      const run = await prisma.backupRun.create({
        data: {
          startedBy: 't',
          trigger: 'manual',
          databaseName: 'db',
          serverVersion: '15',
          pgDumpVersion: '15',
          options: everything,
          storageKind: 'local',
          status: 'succeeded',
          storageLocation: name,
          startedAt: new Date(Date.now() - ageDays * day),
        },
      });
      ids.push(run.id);
    }
    // keep 2 newest (10 and 31 days); of the rest, 40 and 35 are past 30 days.
    const result = await applyRetention({ retentionDays: 30, keepNewest: 2 }, env);
    expect(result.deleted.sort()).toEqual([ids[0].toString(), ids[1].toString()].sort());
    const files = await readdir(backupDir);
    expect(files).toContain('retention_31.dump');
    expect(files).toContain('retention_10.dump');
    expect(files).not.toContain('retention_40.dump');
    // Even when every backup is past the window and K is 1, the newest successful one stays.
    const second = await applyRetention({ retentionDays: 1, keepNewest: 1 }, env);
    expect(second.deleted).toEqual([ids[2].toString()]);
    expect(await readdir(backupDir)).toContain('retention_10.dump');

    // A newer schema-only backup does not count among the newest K full ones: the full one stays.
    await writeFile(path.join(backupDir, 'retention_schema.dump'), 'schema');
    await prisma.backupRun.create({
      data: {
        startedBy: 't',
        trigger: 'manual',
        databaseName: 'db',
        serverVersion: '15',
        pgDumpVersion: '15',
        options: { ...everything, section: 'schema' },
        storageKind: 'local',
        status: 'succeeded',
        storageLocation: 'retention_schema.dump',
        startedAt: new Date(Date.now() - 2 * day),
      },
    });
    expect((await applyRetention({ retentionDays: 1, keepNewest: 1 }, env)).deleted).toEqual([]);
    expect(await readdir(backupDir)).toContain('retention_10.dump');
  });
});
