/**
 * The backup scheduler: a leader loop (one console process at a time) that every 30 s runs what is due — the
 * backup schedule, retention, and the restore-verify schedule on the newest backup — and tidies up after processes
 * that died mid-backup or mid-verify (their runs, partial files and scratch databases).
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../db';
import { getEnv, type Env } from '../env';
import { userFacingMessage } from '../errors';
import { execute, query } from '../pg/client';
import { text } from '../pg/rows';
import { createLeaderLoop, type LeaderLoop, type LeaderLoopStatus } from '../jobs/leader-loop';
import { BACKUP_SCHEDULER_LOCK } from './connect';
import { applyRetention, type RetentionResult } from './retention';
import { SCRATCH_PREFIX, startRestoreVerify, type RestoreOutcome } from './restore';
import { failAbandonedWork } from './abandoned';
import { backupFileName, runBackup, type BackupOutcome } from './run-backup';
import { dueSlot } from './schedule';
import { getBackupSettings } from './settings';
import { backupOptionsSchema } from './options';
import { backupDirectory } from './storage';
import { createLocalStorage } from './storage/local';

const TICK_MS = 30_000;

export interface ScheduledWork {
  backup?: BackupOutcome | { error: string };
  retention?: RetentionResult;
  verify?: RestoreOutcome | { error: string };
}

/** Claims a slot so that, whatever happens next, it is run at most once. */
async function claimSlot(column: 'lastBackupSlot' | 'lastVerifySlot', slot: Date): Promise<boolean> {
  const { count } = await getPrisma().backupSettings.updateMany({
    where: { id: 1, OR: [{ [column]: null }, { [column]: { lt: slot } }] },
    data: { [column]: slot },
  });
  return count === 1;
}

/** The newest successful, kept backup that has a schema to restore. */
async function newestVerifiableBackup(): Promise<string | null> {
  const candidates = await getPrisma().backupRun.findMany({
    where: { status: 'succeeded', deletedAt: null },
    orderBy: { startedAt: 'desc' },
    take: 20,
    select: { id: true, options: true },
  });
  // A run whose options do not parse (an older console's) is not a candidate: what it holds is unknown.
  const backup = candidates.find((candidate) => {
    const options = backupOptionsSchema.safeParse(candidate.options);
    return options.success && options.data.section !== 'data';
  });
  return backup ? backup.id.toString() : null;
}

/**
 * Scratch databases of restore-verify runs that are no longer running (their process died mid-verify, or the drop
 * failed). Only databases a restore_run row of this console records as a verify's scratch database are dropped:
 * never one merely named like one (another console's, or anybody's).
 */
async function dropOrphanScratchDatabases(): Promise<string[]> {
  // Databases first, runs after: a verify that starts in between is in the second answer, still running.
  const named = await query(
    z.object({ name: text }),
    `SELECT datname AS name FROM pg_database WHERE starts_with(datname, $1)`,
    [SCRATCH_PREFIX],
  );
  if (named.length === 0) return [];
  const runs = await getPrisma().restoreRun.findMany({
    where: { kind: 'verify', targetDatabase: { in: named.map((row) => row.name) } },
    select: { targetDatabase: true, status: true },
  });
  const running = new Set(runs.filter((run) => run.status === 'running').map((run) => run.targetDatabase));
  const orphans = [...new Set(runs.map((run) => run.targetDatabase))].filter((name) => !running.has(name));
  // Names come from the catalog and from the console's own records; quoted as identifiers.
  for (const name of orphans) await execute(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  return orphans;
}

/** Each step on its own: a tidy-up that fails (a missing privilege, say) must never stop the schedules. */
async function tidyUp(env: Env): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [
    ['mark abandoned runs', () => failAbandonedWork()],
    [
      'remove partial backup files',
      () =>
        createLocalStorage(backupDirectory(env)).sweepPartials(async () => {
          const running = await getPrisma().backupRun.findMany({
            where: { status: 'running', storageKind: 'local' },
            select: { id: true, databaseName: true, startedAt: true },
          });
          return new Set(running.map((run) => backupFileName(run.databaseName, run.startedAt, run.id)));
        }),
    ],
    ['drop orphaned scratch databases', () => dropOrphanScratchDatabases()],
  ];
  for (const [what, step] of steps)
    await step().catch((error: unknown) =>
      console.warn(`backup scheduler could not ${what}: ${userFacingMessage(error)}`),
    );
}

export async function runScheduledWork(now = new Date(), env: Env = getEnv()): Promise<ScheduledWork> {
  const work: ScheduledWork = {};
  await tidyUp(env);

  const settings = await getBackupSettings();
  const backupSlot = settings.backupEnabled
    ? dueSlot(settings.backupCron, env.BACKUP_TIMEZONE, now, settings.lastBackupSlot, settings.backupScheduleSetAt)
    : null;
  if (backupSlot && (await claimSlot('lastBackupSlot', backupSlot))) {
    try {
      const { finished } = await runBackup(
        {
          trigger: 'schedule',
          startedBy: 'schedule',
          options: { compression: settings.compression, section: 'all', tables: [], storage: env.BACKUP_STORAGE },
        },
        env,
      );
      work.backup = await finished;
    } catch (error) {
      work.backup = { error: userFacingMessage(error) };
    }
  }
  // Every tick, not only after scheduled backups: retention also applies when schedules are off.
  const retention = await applyRetention(settings, env, now);
  if (retention.deleted.length || retention.failures.length) work.retention = retention;

  const verifySlot = settings.verifyEnabled
    ? dueSlot(settings.verifyCron, env.BACKUP_TIMEZONE, now, settings.lastVerifySlot, settings.verifyScheduleSetAt)
    : null;
  if (verifySlot && (await claimSlot('lastVerifySlot', verifySlot))) {
    const backupId = await newestVerifiableBackup();
    if (backupId) {
      try {
        work.verify = await (await startRestoreVerify(backupId, 'schedule', env)).finished;
      } catch (error) {
        work.verify = { error: userFacingMessage(error) };
      }
    }
  }
  return work;
}

/** What the page cannot show (it was never recorded) goes to the log. */
function logProblems(work: ScheduledWork): void {
  if (work.backup && 'error' in work.backup && !('status' in work.backup))
    console.warn(`scheduled backup did not start: ${work.backup.error}`);
  if (work.verify && 'error' in work.verify && !('status' in work.verify))
    console.warn(`scheduled restore-verify did not start: ${work.verify.error}`);
  for (const failure of work.retention?.failures ?? [])
    console.warn(`retention could not delete backup ${failure.backupId}: ${failure.error}`);
}

const globalForScheduler = globalThis as unknown as { backupScheduler?: LeaderLoop };

/** Starts this process's scheduler loop once (instrumentation.ts). */
export function startBackupScheduler(): LeaderLoop {
  globalForScheduler.backupScheduler ??= createLeaderLoop({
    name: 'backup scheduler',
    lock: BACKUP_SCHEDULER_LOCK,
    intervalMs: TICK_MS,
    work: async () => logProblems(await runScheduledWork()),
  });
  return globalForScheduler.backupScheduler;
}

export function getBackupSchedulerStatus(): LeaderLoopStatus | null {
  return globalForScheduler.backupScheduler?.status() ?? null;
}
