/**
 * Retention: successful backups older than N days are deleted from storage and marked deleted, except the
 * newest K successful ones — so the newest successful backup is never deleted (K is at least 1). The guide keeps
 * 30 days (`find … -mtime +30 -delete`).
 */
import { getPrisma } from '../db';
import { getEnv, type Env } from '../env';
import { errorMessage } from '../errors';
import { storageFor, type StorageKind } from './storage';

export interface RetentionPolicy {
  retentionDays: number;
  keepNewest: number;
}

export interface RetentionResult {
  deleted: string[];
  /** Backups whose file could not be deleted (left marked as kept, retried next time). */
  failures: { backupId: string; error: string }[];
}

export async function applyRetention(policy: RetentionPolicy, env: Env = getEnv(), now = new Date()): Promise<RetentionResult> {
  const prisma = getPrisma();
  const kept = await prisma.backupRun.findMany({
    where: { status: 'succeeded', deletedAt: null },
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, startedAt: true, storageKind: true, storageLocation: true },
  });
  const cutoff = new Date(now.getTime() - policy.retentionDays * 86_400_000);
  const expired = kept.slice(Math.max(1, policy.keepNewest)).filter((backup) => backup.startedAt < cutoff);
  const result: RetentionResult = { deleted: [], failures: [] };
  for (const backup of expired) {
    try {
      if (backup.storageLocation) await storageFor(backup.storageKind as StorageKind, env).remove(backup.storageLocation);
      await prisma.backupRun.update({ where: { id: backup.id }, data: { deletedAt: now } });
      result.deleted.push(backup.id.toString());
    } catch (error) {
      result.failures.push({ backupId: backup.id.toString(), error: errorMessage(error) });
    }
  }
  return result;
}
