/**
 * Where backups are kept. A writer's bytes become a backup only when commit() succeeds; abort() leaves nothing
 * that could be mistaken for one (a local file is written under a .partial name and renamed; an S3 multipart
 * upload is completed only on commit and aborted otherwise).
 */
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';

/** Also how console.backup_run.storage_kind is read back. */
export const storageKindSchema = z.enum(['local', 's3']);
export type StorageKind = z.output<typeof storageKindSchema>;

export interface BackupWriter {
  /** Write the dump here. Ending it does not publish anything; commit() does. */
  readonly stream: Writable;
  /** Publishes the backup and returns its location (a file name or an object key). */
  commit(): Promise<string>;
  /** Discards everything written. Safe to call after a failure and more than once. */
  abort(): Promise<void>;
}

export interface BackupStorage {
  readonly kind: StorageKind;
  /** Where new backups go, for the page: a directory or s3://bucket/prefix — never a credential. */
  readonly description: string;
  createWriter(fileName: string): Promise<BackupWriter>;
  openReader(location: string): Promise<Readable>;
  remove(location: string): Promise<void>;
  exists(location: string): Promise<boolean>;
}

export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}
