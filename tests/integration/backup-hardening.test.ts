/**
 * Backups and restores that never wait for ever, stop when asked, and touch only what they should — against the real
 * server with Debian's pg_dump/pg_restore: a held lock stops pg_dump (--lock-wait-timeout) and pg_restore (the
 * console's watch on its sessions) with the reason; restores are cancelled mid-way (pg_restore killed, its sessions
 * ended, a verify's scratch database dropped); a restore over the live database leaves console.* as it was unless
 * asked, and is audited before it starts; the scheduler drops only scratch databases this console recorded; local
 * backup files are 0600 in a 0700 directory.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import { listRestoreRuns } from '@/lib/backup/history';
import type { BackupOptions } from '@/lib/backup/options';
import { findPgTool } from '@/lib/backup/pg-tools';
import { activeRestorePid, startFullRestore, startRestoreVerify } from '@/lib/backup/restore';
import { runBackup } from '@/lib/backup/run-backup';
import { runScheduledWork } from '@/lib/backup/scheduler';
import { getPrisma } from '@/lib/db';
import { getEnv, type Env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { withClient } from '../support/sql';

// The session is next-auth's, which needs a request; the signed-in role is set by each test. The database is real.
const signedIn = vi.hoisted(() => ({ role: 'operator' as Role }));
vi.mock('@/lib/auth/session', async () => {
  const { hasRole } = await import('@/lib/auth/roles');
  return {
    requireRole: async (role: Role) => {
      if (!hasRole(signedIn.role, role))
        throw new AppError('forbidden', `This needs the ${role} role; you are ${signedIn.role}.`);
      return {
        id: 7,
        email: `${signedIn.role}@example.com`,
        name: signedIn.role,
        role: signedIn.role,
        targetRoles: {},
        acting: role,
      };
    },
  };
});
const { cancelRestore } = await import('@/lib/actions/backups/cancel-restore');

const everything: BackupOptions = { compression: 9, section: 'all', tables: [], storage: 'local' };
const admin = { id: null, email: 'admin@example.com' };
const dumpCanReadServer = (await findPgTool('pg_dump', undefined)).major >= inject('postgresMajor');
let backupDir: string;
let env: Env;
let backupId: string;

/** A connection to another database of the test server. */
async function connectTo(database: string): Promise<pg.Client> {
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString(), application_name: 'halcytone-test' });
  client.on('error', () => {});
  await client.connect();
  return client;
}

const databaseExists = async (name: string) =>
  withClient(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
const sessionsNamed = async (applicationName: string) =>
  withClient(
    async (c) =>
      (await c.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName])).rowCount,
  );
const processGone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

beforeAll(async () => {
  backupDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-backups-hardening-'));
  env = getEnv({ ...process.env, BACKUP_DIR: path.join(backupDir, 'store') });
  await withClient((c) =>
    c.query(`INSERT INTO content_audit (content_id, operation, user_id, "timestamp", metadata)
             SELECT 'hardening-' || i, 'create', 'u' || (i % 7), localtimestamp, '{"k": 1}' FROM generate_series(1, 3000) AS i`),
  );
});

afterAll(async () => {
  await rm(backupDir, { recursive: true, force: true });
});

describe.runIf(dumpCanReadServer)('with a pg_dump that can read the server', () => {
  it('writes the backup 0600 into a directory it made 0700', async () => {
    const { runId, finished } = await runBackup(
      { options: everything, trigger: 'manual', startedBy: 'operator@example.com' },
      env,
    );
    expect(await finished).toMatchObject({ status: 'succeeded' });
    backupId = runId;
    const run = await getPrisma().backupRun.findUniqueOrThrow({ where: { id: BigInt(runId) } });
    expect((await stat(path.join(backupDir, 'store'))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(backupDir, 'store', run.storageLocation!))).mode & 0o777).toBe(0o600);
  });

  it('pg_dump gives up waiting for a table lock after the lock wait, and says so', async () => {
    await withClient(async (blocker) => {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE content_metrics IN ACCESS EXCLUSIVE MODE');
      try {
        const started = Date.now();
        const { finished } = await runBackup(
          { options: everything, trigger: 'manual', startedBy: 'operator@example.com' },
          env,
          { lockWaitMs: 1_000 },
        );
        const outcome = await finished;
        expect(outcome.status).toBe('failed');
        expect(outcome.error).toContain(
          'pg_dump waited more than 1 s for a table lock another session holds (--lock-wait-timeout) and gave up',
        );
        expect(outcome.error).toContain('canceling statement due to statement timeout');
        expect(Date.now() - started).toBeLessThan(15_000);
      } finally {
        await blocker.query('ROLLBACK');
      }
    });
  });

  /** A full restore into `database` made first, then one whose pg_restore waits for a lock held on its tables. */
  async function restoreBehindLock(
    database: string,
    act: (restoreId: string, holderPid: number) => Promise<void>,
    lockWaitMs?: number,
  ) {
    expect(
      await (
        await startFullRestore({ backupId, targetDatabase: database, overwriteLiveDatabase: false, actor: admin }, env)
      ).finished,
    ).toMatchObject({ status: 'succeeded' });
    const holder = await connectTo(database);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT count(*) FROM content_audit');
      const holderPid = Number((await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      const { restoreId, finished } = await startFullRestore(
        { backupId, targetDatabase: database, overwriteLiveDatabase: false, actor: admin },
        env,
        lockWaitMs ? { lockWaitMs } : {},
      );
      await expect
        .poll(
          () =>
            withClient(
              async (c) =>
                (
                  await c.query(
                    `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
                    [`halcytone-console restore ${restoreId}`],
                  )
                ).rowCount,
            ),
          { timeout: 15_000 },
        )
        .toBe(1);
      await act(restoreId, holderPid);
      return { restoreId, outcome: await finished, holderAlive: (await holder.query('SELECT 1')).rowCount === 1 };
    } finally {
      await holder.end().catch(() => {});
      await withClient((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    }
  }

  it('pg_restore is stopped when it waits for a lock longer than the lock wait, naming the session that holds it', async () => {
    let holder = 0;
    const { restoreId, outcome, holderAlive } = await restoreBehindLock(
      'halcytone_lockwait_test',
      async (_, holderPid) => void (holder = holderPid),
      1_000,
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toContain(
      `pg_restore waited more than 1 s for a lock held by the session with pid ${holder} and was stopped`,
    );
    expect(holderAlive).toBe(true);
    expect(await sessionsNamed(`halcytone-console restore ${restoreId}`)).toBe(0);
  });

  it('a full restore is cancelled mid-way: pg_restore killed, its sessions ended, recorded as cancelled; an operator may not cancel it', async () => {
    let pid = 0;
    const { restoreId, outcome } = await restoreBehindLock('halcytone_cancel_test', async (restoreId) => {
      pid = activeRestorePid(restoreId)!;
      signedIn.role = 'operator';
      expect(await cancelRestore({ restoreId })).toMatchObject({ ok: false, code: 'forbidden' });
      signedIn.role = 'admin';
      expect(await cancelRestore({ restoreId })).toEqual({ ok: true, data: null });
    });
    expect(outcome.status).toBe('cancelled');
    expect(outcome.error).toContain('Cancelled by admin@example.com before it finished');
    expect(processGone(pid)).toBe(true);
    expect(await sessionsNamed(`halcytone-console restore ${restoreId}`)).toBe(0);
    expect((await getPrisma().restoreRun.findUniqueOrThrow({ where: { id: BigInt(restoreId) } })).status).toBe(
      'cancelled',
    );
    expect((await listRestoreRuns()).find((run) => run.id === restoreId)).toMatchObject({ status: 'cancelled' });
    expect(await cancelRestore({ restoreId })).toMatchObject({ ok: false, code: 'conflict' });
    const audit = await getPrisma().auditEvent.findFirstOrThrow({
      where: { action: 'backup.restore.cancel' },
      orderBy: { id: 'desc' },
    });
    expect(audit).toMatchObject({ actorEmail: 'admin@example.com', after: { restoreId } });
  });

  it('a restore-verify is cancelled mid-way by an operator: pg_restore killed, the scratch database dropped', async () => {
    // The archive reaches pg_restore through a named pipe the test feeds by hand: all but its last bytes, then
    // nothing. pg_restore reads the whole table of contents before it connects, and it is most of a small archive.
    const source = await getPrisma().backupRun.findUniqueOrThrow({ where: { id: BigInt(backupId) } });
    const bytes = await readFile(path.join(backupDir, 'store', source.storageLocation!));
    const fifoName = `halcytone_fifo_${source.id}.dump`;
    execFileSync('mkfifo', ['-m', '600', path.join(backupDir, 'store', fifoName)]);
    const { id: _id, startedAt: _startedAt, ...fields } = source;
    const fed = await getPrisma().backupRun.create({
      data: { ...fields, options: everything, manifest: source.manifest ?? undefined, storageLocation: fifoName },
    });
    const { restoreId, finished } = await startRestoreVerify(fed.id.toString(), 'operator@example.com', env);
    const feed = createWriteStream(path.join(backupDir, 'store', fifoName));
    feed.on('error', () => {});
    feed.write(bytes.subarray(0, bytes.length - 64));
    const scratch = (await getPrisma().restoreRun.findUniqueOrThrow({ where: { id: BigInt(restoreId) } }))
      .targetDatabase;
    // Mid-way: the tables exist, the last of the data is still to come (and the indexes after it).
    await expect
      .poll(
        async () => {
          const client = await connectTo(scratch).catch(() => null);
          if (!client) return false;
          const table = (
            await client
              .query(`SELECT to_regclass('public.content_audit') IS NOT NULL AS made`)
              .catch(() => ({ rows: [{ made: false }] }))
          ).rows[0].made;
          await client.end();
          return table;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const pid = activeRestorePid(restoreId)!;
    expect(pid).toBeGreaterThan(0);
    signedIn.role = 'operator';
    expect(await cancelRestore({ restoreId })).toEqual({ ok: true, data: null });
    const outcome = await finished;
    feed.destroy();
    expect(outcome).toMatchObject({ status: 'cancelled' });
    expect(outcome.error).toContain(
      'Cancelled by operator@example.com before it finished; the scratch database is dropped.',
    );
    expect(processGone(pid)).toBe(true);
    expect(await databaseExists(scratch)).toBe(false);
    await getPrisma().backupRun.update({ where: { id: fed.id }, data: { deletedAt: new Date() } });
  });

  it('the scheduler drops only scratch databases recorded by this console whose run is over', async () => {
    const prisma = getPrisma();
    await prisma.backupSettings.update({ where: { id: 1 }, data: { backupEnabled: false, verifyEnabled: false } });
    const stranger = 'halcytone_verify_77_deadbeef';
    const finishedScratch = 'halcytone_verify_78_cafebabe';
    const runningScratch = 'halcytone_verify_79_0badf00d';
    await withClient(async (c) => {
      for (const name of [stranger, finishedScratch, runningScratch]) await c.query(`CREATE DATABASE ${name}`);
    });
    await prisma.restoreRun.create({
      data: {
        backupId: BigInt(backupId),
        kind: 'verify',
        startedBy: 't',
        targetDatabase: finishedScratch,
        status: 'failed',
        finishedAt: new Date(),
      },
    });
    const running = await prisma.restoreRun.create({
      data: { backupId: BigInt(backupId), kind: 'verify', startedBy: 't', targetDatabase: runningScratch },
    });
    // A full restore an admin made into a database that happens to be named like a scratch one is not a scratch one.
    await prisma.restoreRun.create({
      data: {
        backupId: BigInt(backupId),
        kind: 'restore',
        startedBy: 't',
        targetDatabase: stranger,
        status: 'succeeded',
        finishedAt: new Date(),
      },
    });
    try {
      await runScheduledWork(new Date(), env);
      expect(await databaseExists(stranger)).toBe(true);
      expect(await databaseExists(finishedScratch)).toBe(false);
      expect(await databaseExists(runningScratch)).toBe(true);
    } finally {
      await prisma.restoreRun.update({ where: { id: running.id }, data: { status: 'failed', finishedAt: new Date() } });
      await withClient(async (c) => {
        for (const name of [stranger, finishedScratch, runningScratch])
          await c.query(`DROP DATABASE IF EXISTS ${name}`);
      });
    }
  });

  it('a restore over the live database is audited before it starts and leaves console.* as it was unless asked', async () => {
    const prisma = getPrisma();
    const live = new URL(inject('databaseUrl')).pathname.slice(1);
    // Written after the backup: the application's row must go, the console's user must stay.
    await withClient((c) =>
      c.query(
        `INSERT INTO user_segments (segment_id, segment_name, criteria) VALUES ('after-backup', 'after backup', '{}')`,
      ),
    );
    await prisma.user.create({
      data: { email: 'after-backup@example.com', name: 'After', role: 'viewer', passwordHash: 'x' },
    });
    const { restoreId, finished } = await startFullRestore(
      { backupId, targetDatabase: live, overwriteLiveDatabase: true, actor: admin },
      env,
    );
    const audit = await prisma.auditEvent.findFirst({
      where: { action: 'backup.restore', after: { path: ['restoreId'], equals: restoreId } },
    });
    expect(audit).toMatchObject({
      actorEmail: 'admin@example.com',
      target: `backup:${backupId}`,
      after: { targetDatabase: live, overwriteLiveDatabase: true, schemas: 'public' },
    });
    expect(await finished).toMatchObject({ status: 'succeeded', error: null });
    expect(
      await withClient(
        async (c) => (await c.query(`SELECT 1 FROM user_segments WHERE segment_id = 'after-backup'`)).rowCount,
      ),
    ).toBe(0);
    expect(await prisma.user.findUnique({ where: { email: 'after-backup@example.com' } })).not.toBeNull();
    expect(await prisma.auditEvent.findFirst({ where: { id: audit!.id } })).not.toBeNull();
    expect(await prisma.restoreRun.findUniqueOrThrow({ where: { id: BigInt(restoreId) } })).toMatchObject({
      status: 'succeeded',
    });

    // Asked for: the console's schema is the backup's too, so the user written after it is gone.
    const whole = await startFullRestore(
      { backupId, targetDatabase: live, overwriteLiveDatabase: true, includeConsoleSchema: true, actor: admin },
      env,
    );
    expect((await whole.finished).status).toBe('succeeded');
    expect(await prisma.user.findUnique({ where: { email: 'after-backup@example.com' } })).toBeNull();
  });
});
