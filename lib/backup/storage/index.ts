/** The configured backup storage (BACKUP_STORAGE and friends, docs/backups.md). */
import path from 'node:path';
import { AppError } from '../../errors';
import type { Env } from '../../env';
import { createLocalStorage } from './local';
import { createS3Storage, type S3Settings } from './s3';
import type { BackupStorage, StorageKind } from './types';

export function backupDirectory(env: Env): string {
  // A runtime directory, not a build input: keep Turbopack's file tracer from tracing the whole project.
  return path.resolve(/* turbopackIgnore: true */ env.BACKUP_DIR ?? path.join(env.DATA_DIR, 'backups'));
}

/** The configured S3 target, or null when BACKUP_S3_BUCKET is unset. */
export function s3Settings(env: Env): S3Settings | null {
  return env.BACKUP_S3_BUCKET
    ? {
        bucket: env.BACKUP_S3_BUCKET,
        prefix: env.BACKUP_S3_PREFIX,
        region: env.BACKUP_S3_REGION,
        endpoint: env.BACKUP_S3_ENDPOINT,
      }
    : null;
}

export function storageFor(kind: StorageKind, env: Env): BackupStorage {
  if (kind === 'local') return createLocalStorage(backupDirectory(env));
  const settings = s3Settings(env);
  if (!settings)
    throw new AppError('conflict', 'S3 storage needs BACKUP_S3_BUCKET (and credentials in the environment).');
  return createS3Storage(settings);
}

export type { BackupStorage, BackupWriter, StorageKind } from './types';
export { StorageError } from './types';
export { describeS3Target } from './s3';
