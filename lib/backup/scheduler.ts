/**
 * The backup scheduler: a leader loop (one console process at a time) that every 30 s runs what is due —
 * the backup schedule followed by retention, and the restore-verify schedule on the newest backup — and tidies
 * up after processes that died mid-backup.
 */
import 'server-only';
import { getPrisma } from '../db';
import { getEnv, type Env } from '../env';
import { createLeaderLoop, type LeaderLoop, type LeaderLoopStatus } from '../jobs/leader-loop';
import { BACKUP_SCHEDULER_LOCK } from './connect';
import { applyRetention, type RetentionResult } from './retention';
import { startRestoreVerify, type RestoreOutcome } from './restore';
import { failAbandonedWork } from './abandoned';
import { backupFileName, startBackup, type BackupOutcome } from './run-backup';
import { dueSlot } from './schedule';
import { getBackupSettings } from './settings';
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
  const { count } = await getPrisma().backupSettings.updateMany({ where: { id: 1, OR: [{ [column]: null }, { [column]: { lt: slot } }] }, data: { [column]: slot } });
  return count === 1;
}

/** The newest successful, kept backup that has a schema to restore. */
async function newestVerifiableBackup(): Promise<string | null> {
  const candidates = await getPrisma().backupRun.findMany({ where: { status: 'succeeded', deletedAt: null }, orderBy: { startedAt: 'desc' }, take: 20, select: { id: true, options: true } });
  const backup = candidates.find((candidate) => (candidate.options as { section?: string }).section !== 'data');
  return backup ? backup.id.toString() : null;
}

export async function runScheduledWork(now = new Date(), env: Env = getEnv()): Promise<ScheduledWork> {
  const work: ScheduledWork = {};
  await failAbandonedWork();
  const running = await getPrisma().backupRun.findMany({ where: { status: 'running', storageKind: 'local' }, select: { id: true, databaseName: true, startedAt: true } });
  await createLocalStorage(backupDirectory(env)).sweepPartials(new Set(running.map((run) => backupFileName(run.databaseName, run.startedAt, run.id))));

  const settings = await getBackupSettings();
  const backupSlot = settings.backupEnabled ? dueSlot(settings.backupCron, env.BACKUP_TIMEZONE, now, settings.lastBackupSlot, settings.updatedAt) : null;
  if (backupSlot && (await claimSlot('lastBackupSlot', backupSlot))) {
    try {
      const { finished } = await startBackup({ trigger: 'schedule', startedBy: 'schedule', options: { compression: settings.compression, section: 'all', tables: [], storage: env.BACKUP_STORAGE } }, env);
      work.backup = await finished;
    } catch (error) {
      work.backup = { error: error instanceof Error ? error.message : String(error) };
    }
    work.retention = await applyRetention(settings, env, now);
  }

  const verifySlot = settings.verifyEnabled ? dueSlot(settings.verifyCron, env.BACKUP_TIMEZONE, now, settings.lastVerifySlot, settings.updatedAt) : null;
  if (verifySlot && (await claimSlot('lastVerifySlot', verifySlot))) {
    const backupId = await newestVerifiableBackup();
    if (backupId) {
      try {
        work.verify = await (await startRestoreVerify(backupId, 'schedule', env)).finished;
      } catch (error) {
        work.verify = { error: error instanceof Error ? error.message : String(error) };
      }
    }
  }
  return work;
}

const globalForScheduler = globalThis as unknown as { backupScheduler?: LeaderLoop };

/** Starts this process's scheduler loop once (instrumentation.ts). */
export function startBackupScheduler(): LeaderLoop {
  globalForScheduler.backupScheduler ??= createLeaderLoop({
    name: 'backup scheduler',
    lock: BACKUP_SCHEDULER_LOCK,
    intervalMs: TICK_MS,
    work: async () => {
      await runScheduledWork();
    },
  });
  return globalForScheduler.backupScheduler;
}

export function getBackupSchedulerStatus(): LeaderLoopStatus | null {
  return globalForScheduler.backupScheduler?.status() ?? null;
}
