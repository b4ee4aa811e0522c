/**
 * Retention: successful backups older than N days are deleted from storage and marked deleted, except the
 * newest K full backups (K is at least 1) and the newest successful backup of any kind, which are never deleted.
 * The guide keeps 30 days (`find … -mtime +30 -delete`).
 */
import 'server-only';
import { getPrisma } from '../db';
import { getEnv, type Env } from '../env';
import { errorMessage } from '../errors';
import { backupOptionsSchema } from './options';
import { parseStored } from '../pg/rows';
import { storageFor } from './storage';
import { storageKindSchema } from './storage/types';

export interface RetentionPolicy {
  retentionDays: number;
  keepNewest: number;
}

export interface RetentionResult {
  deleted: string[];
  /** Backups whose file could not be deleted (left marked as kept, retried next time). */
  failures: { backupId: string; error: string }[];
}

export async function applyRetention(
  policy: RetentionPolicy,
  env: Env = getEnv(),
  now = new Date(),
): Promise<RetentionResult> {
  const prisma = getPrisma();
  const kept = await prisma.backupRun.findMany({
    where: { status: 'succeeded', deletedAt: null },
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, startedAt: true, storageKind: true, storageLocation: true, options: true },
  });
  // "The newest K" counts only full backups (everything, whole database): a schema-only or single-table backup
  // must not push the last restorable one out. The newest successful backup of any kind is kept too.
  const isFull = (options: unknown) => {
    const parsed = backupOptionsSchema.safeParse(options);
    return parsed.success && parsed.data.section === 'all' && parsed.data.tables.length === 0;
  };
  const protectedIds = new Set([
    kept[0]?.id,
    ...kept
      .filter((backup) => isFull(backup.options))
      .slice(0, Math.max(1, policy.keepNewest))
      .map((backup) => backup.id),
  ]);
  const cutoff = new Date(now.getTime() - policy.retentionDays * 86_400_000);
  const expired = kept.filter((backup) => !protectedIds.has(backup.id) && backup.startedAt < cutoff);
  const result: RetentionResult = { deleted: [], failures: [] };
  for (const backup of expired) {
    try {
      if (backup.storageLocation)
        await storageFor(
          parseStored(storageKindSchema, backup.storageKind, `Backup ${backup.id}'s storage`),
          env,
        ).remove(backup.storageLocation);
      await prisma.backupRun.update({ where: { id: backup.id }, data: { deletedAt: now } });
      result.deleted.push(backup.id.toString());
    } catch (error) {
      result.failures.push({ backupId: backup.id.toString(), error: errorMessage(error) });
    }
  }
  return result;
}
