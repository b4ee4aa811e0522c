/** The Backups page's records: runs with their latest restore-verify, and restore runs. Typed views, string ids. */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../db';
import type { RestoreRun } from '../generated/prisma/client';
import { parseStored } from '../pg/rows';
import { backupManifestSchema } from './manifest';
import { manifestDifferenceSchema, type ManifestDifference } from './manifest-difference';
import { backupOptionsSchema, type BackupOptions } from './options';
import { storageKindSchema } from './storage/types';
import type { BackupStatus } from './run-backup';

export interface RestoreRunView {
  id: string;
  backupId: string;
  kind: 'verify' | 'restore';
  startedAt: string;
  finishedAt: string | null;
  startedBy: string;
  targetDatabase: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  durationMs: number | null;
  differences: ManifestDifference[];
  error: string | null;
}

export interface BackupRunView {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  startedBy: string;
  trigger: 'manual' | 'schedule';
  databaseName: string;
  serverVersion: string;
  pgDumpVersion: string;
  options: BackupOptions | null;
  storageKind: 'local' | 's3';
  storageLocation: string | null;
  status: BackupStatus;
  bytesWritten: number;
  currentObject: string | null;
  cancelRequested: boolean;
  sizeBytes: number | null;
  sha256: string | null;
  durationMs: number | null;
  error: string | null;
  deletedAt: string | null;
  /** From the manifest: tables and the rows they held at backup time. */
  tableCount: number | null;
  rowCount: number | null;
  lastVerify: RestoreRunView | null;
}

function toRestoreView(row: RestoreRun): RestoreRunView {
  return {
    id: row.id.toString(),
    backupId: row.backupId.toString(),
    kind: parseStored(z.enum(['verify', 'restore']), row.kind, `Restore ${row.id}'s kind`),
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    startedBy: row.startedBy,
    targetDatabase: row.targetDatabase,
    status: parseStored(
      z.enum(['running', 'succeeded', 'failed', 'cancelled']),
      row.status,
      `Restore ${row.id}'s status`,
    ),
    durationMs: row.durationMs,
    differences:
      row.differences === null
        ? []
        : parseStored(z.array(manifestDifferenceSchema), row.differences, `Restore ${row.id}'s differences`),
    error: row.error,
  };
}

export async function listBackupRuns(limit = 100): Promise<BackupRunView[]> {
  const runs = await getPrisma().backupRun.findMany({
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: limit,
    include: { restores: { where: { kind: 'verify' }, orderBy: { startedAt: 'desc' }, take: 1 } },
  });
  return runs.map((run) => {
    const manifest =
      run.manifest === null ? null : parseStored(backupManifestSchema, run.manifest, `Backup ${run.id}'s manifest`);
    const options = backupOptionsSchema.safeParse(run.options);
    return {
      id: run.id.toString(),
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      startedBy: run.startedBy,
      trigger: parseStored(z.enum(['manual', 'schedule']), run.trigger, `Backup ${run.id}'s trigger`),
      databaseName: run.databaseName,
      serverVersion: run.serverVersion,
      pgDumpVersion: run.pgDumpVersion,
      options: options.success ? options.data : null,
      storageKind: parseStored(storageKindSchema, run.storageKind, `Backup ${run.id}'s storage`),
      storageLocation: run.storageLocation,
      status: parseStored(
        z.enum(['running', 'succeeded', 'failed', 'cancelled']),
        run.status,
        `Backup ${run.id}'s status`,
      ),
      bytesWritten: Number(run.bytesWritten),
      currentObject: run.currentObject,
      cancelRequested: run.cancelRequested,
      sizeBytes: run.sizeBytes === null ? null : Number(run.sizeBytes),
      sha256: run.sha256,
      durationMs: run.durationMs,
      error: run.error,
      deletedAt: run.deletedAt?.toISOString() ?? null,
      tableCount: manifest ? manifest.tables.length : null,
      rowCount:
        manifest && manifest.tables.every((t) => t.rows !== null)
          ? manifest.tables.reduce((sum, t) => sum + (t.rows ?? 0), 0)
          : null,
      lastVerify: run.restores[0] ? toRestoreView(run.restores[0]) : null,
    };
  });
}

export async function listRestoreRuns(limit = 20): Promise<RestoreRunView[]> {
  const rows = await getPrisma().restoreRun.findMany({ orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], take: limit });
  return rows.map(toRestoreView);
}
