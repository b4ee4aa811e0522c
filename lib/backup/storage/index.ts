/** The configured backup storage (BACKUP_STORAGE and friends, README "Backups"). */
import path from 'node:path';
import { AppError } from '../../errors';
import type { Env } from '../../env';
import { createLocalStorage } from './local';
import { createS3Storage } from './s3';
import type { BackupStorage, StorageKind } from './types';

export function backupDirectory(env: Env): string {
  // A runtime directory, not a build input: keep Turbopack's file tracer from tracing the whole project.
  return path.resolve(/* turbopackIgnore: true */ env.BACKUP_DIR ?? path.join(env.DATA_DIR, 'backups'));
}

export function storageFor(kind: StorageKind, env: Env): BackupStorage {
  if (kind === 'local') return createLocalStorage(backupDirectory(env));
  if (!env.BACKUP_S3_BUCKET) throw new AppError('conflict', 'S3 storage needs BACKUP_S3_BUCKET (and credentials in the environment).');
  return createS3Storage({ bucket: env.BACKUP_S3_BUCKET, prefix: env.BACKUP_S3_PREFIX, region: env.BACKUP_S3_REGION, endpoint: env.BACKUP_S3_ENDPOINT });
}

export type { BackupStorage, BackupWriter, StorageKind } from './types';
export { StorageError } from './types';
