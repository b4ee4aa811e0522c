/**
 * Everything the Backups page shows, in one read: runs and restores (live: progress is polled), the schedule with
 * its next run times, storage targets, whether the installed pg_dump can back up this server, and WAL archiving.
 */
import 'server-only';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { loadSection, type Section } from '../monitoring/sections';
import { sharedCached } from '../monitoring/shared-cache';
import { getArchiverStatus, type ArchiverStatus } from '../pg/archiver';
import { getServerInfo } from '../pg/server';
import { listBackupRuns, listRestoreRuns, type BackupRunView, type RestoreRunView } from './history';
import { assertDumpCanReadServer, findPgTool } from './pg-tools';
import { nextRun } from './schedule';
import { editableSettings, getBackupSettings, type BackupSettingsInput } from './settings';
import { backupDirectory, describeS3Target, s3Settings } from './storage';

export interface StorageTarget {
  kind: 'local' | 's3';
  description: string;
  isDefault: boolean;
}

export interface ToolCheck {
  /** e.g. "pg_dump 15.18 (/usr/bin/pg_dump)"; null when none was found. */
  pgDump: string | null;
  pgRestore: string | null;
  /** Why a backup would be refused right now, or null when it can start. */
  problem: string | null;
}

export interface BackupOverview {
  runs: BackupRunView[];
  restores: RestoreRunView[];
  settings: BackupSettingsInput & {
    timezone: string;
    nextBackupAt: string | null;
    nextVerifyAt: string | null;
    updatedBy: string;
    updatedAt: string;
  };
  storages: StorageTarget[];
  tools: ToolCheck;
  archiver: Section<ArchiverStatus>;
  busy: boolean;
}

const TOOL_CHECK_TTL_MS = 60_000;

async function checkTools(): Promise<ToolCheck> {
  const env = getEnv();
  const describe = (tool: { name: string; version: string; path: string }) =>
    `${tool.name} ${tool.version} (${tool.path})`;
  const [dump, restore] = await Promise.allSettled([
    findPgTool('pg_dump', env.PG_DUMP_PATH),
    findPgTool('pg_restore', env.PG_RESTORE_PATH),
  ]);
  let problem: string | null = null;
  if (dump.status === 'rejected')
    problem = dump.reason instanceof AppError ? dump.reason.userMessage : String(dump.reason);
  else {
    const server = await getServerInfo();
    try {
      assertDumpCanReadServer(dump.value, {
        version: server.version.split(' ')[0],
        major: Math.floor(server.versionNum / 10_000),
      });
    } catch (error) {
      problem = error instanceof AppError ? error.userMessage : String(error);
    }
  }
  return {
    pgDump: dump.status === 'fulfilled' ? describe(dump.value) : null,
    pgRestore: restore.status === 'fulfilled' ? describe(restore.value) : null,
    problem,
  };
}

function storageTargets(): StorageTarget[] {
  const env = getEnv();
  const targets: StorageTarget[] = [
    { kind: 'local', description: backupDirectory(env), isDefault: env.BACKUP_STORAGE === 'local' },
  ];
  const s3 = s3Settings(env);
  if (s3) targets.push({ kind: 's3', description: describeS3Target(s3), isDefault: env.BACKUP_STORAGE === 's3' });
  return targets;
}

export async function loadBackupOverview(now = new Date()): Promise<BackupOverview> {
  const env = getEnv();
  const [runs, restores, settings, tools, archiver] = await Promise.all([
    listBackupRuns(),
    listRestoreRuns(),
    getBackupSettings(),
    sharedCached('backup:tools', TOOL_CHECK_TTL_MS, checkTools),
    loadSection('backup:archiver', getArchiverStatus),
  ]);
  const editable = editableSettings(settings);
  return {
    runs,
    restores,
    settings: {
      ...editable,
      timezone: env.BACKUP_TIMEZONE,
      nextBackupAt: editable.backupEnabled
        ? (nextRun(editable.backupCron, env.BACKUP_TIMEZONE, now)?.toISOString() ?? null)
        : null,
      nextVerifyAt: editable.verifyEnabled
        ? (nextRun(editable.verifyCron, env.BACKUP_TIMEZONE, now)?.toISOString() ?? null)
        : null,
      updatedBy: settings.updatedBy,
      updatedAt: settings.updatedAt.toISOString(),
    },
    storages: storageTargets(),
    tools,
    archiver,
    busy: runs.some((run) => run.status === 'running') || restores.some((restore) => restore.status === 'running'),
  };
}
