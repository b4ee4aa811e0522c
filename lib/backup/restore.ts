/**
 * Restores, as the guide's "Restore Procedure": pg_restore from the stored archive, streamed from storage into
 * pg_restore's stdin (never written to a temporary file or held in memory).
 *  - verify: into a scratch database the console creates and always drops, then the restored tables, indexes and
 *    row counts are compared with the manifest recorded at backup time;
 *  - full restore: into a named database with --clean --if-exists, as the guide.
 * Each is recorded in console.restore_run.
 */
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { ParsedConnection } from '../config/connection-string';
import { getPrisma } from '../db';
import { getDatabaseConnection, getEnv, type Env } from '../env';
import { AppError, errorMessage, redactSecrets } from '../errors';
import { connectDedicated } from './connect';
import { libpqEnvironment } from './libpq-env';
import { compareManifests, describeDifference, readManifest, type BackupManifest, type ManifestDifference } from './manifest';
import { backupOptionsSchema, manifestTables } from './options';
import { assertRestoreCanReadArchive, findPgTool } from './pg-tools';
import { storageFor, type StorageKind } from './storage';
import { spawnTool } from './tool-process';

export interface RestoreOutcome {
  restoreId: string;
  status: 'succeeded' | 'failed';
  differences: ManifestDifference[];
  error: string | null;
}

/** PostgreSQL identifiers the console will create or restore into: plain names, at most 63 bytes. */
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;

async function loadRestorableBackup(backupId: string) {
  const backup = await getPrisma().backupRun.findUnique({ where: { id: BigInt(backupId) } });
  if (!backup) throw new AppError('not_found', `Backup ${backupId} does not exist.`);
  if (backup.status !== 'succeeded' || !backup.storageLocation) throw new AppError('conflict', `Backup ${backupId} did not succeed; there is nothing to restore.`);
  if (backup.deletedAt) throw new AppError('conflict', `Backup ${backupId} was removed by retention on ${backup.deletedAt.toISOString()}.`);
  return { ...backup, storageLocation: backup.storageLocation, options: backupOptionsSchema.parse(backup.options) };
}

/** pg_restore from storage into `database`; resolves with pg_restore's failure message, or null. */
async function runPgRestore(env: Env, connection: ParsedConnection, backup: { storageKind: string; storageLocation: string; pgDumpVersion: string }, database: string, extraArgs: string[]): Promise<string | null> {
  const tool = await findPgTool('pg_restore', env.PG_RESTORE_PATH);
  assertRestoreCanReadArchive(tool, backup.pgDumpVersion);
  const source = await storageFor(backup.storageKind as StorageKind, env).openReader(backup.storageLocation);
  const restore = spawnTool(tool, [...extraArgs, '--verbose', '--no-password', `--dbname=${database}`], libpqEnvironment(connection, database), 'pipe');
  // pg_restore may stop reading (a fatal error); its stdin then breaks, which its exit status explains better.
  const fed = pipeline(source, restore.child.stdin!).catch((error: unknown) => error as Error);
  const [feedError, exit] = await Promise.all([fed, restore.exit]);
  if (exit.code !== 0 || exit.signal) return restore.failure(exit, [connection.password]);
  if (feedError) return redactSecrets(`Reading the backup failed: ${errorMessage(feedError)}`, [connection.password]);
  return null;
}

const HEARTBEAT_MS = 5_000;

async function recordStart(backupId: string, kind: 'verify' | 'restore', startedBy: string, targetDatabase: string) {
  return getPrisma().restoreRun.create({ data: { backupId: BigInt(backupId), kind, startedBy, targetDatabase } });
}

/** Runs the restore while its row's heartbeat says this process is alive (see abandoned.ts). */
async function withHeartbeat<T>(restoreId: bigint, work: () => Promise<T>): Promise<T> {
  const beat = setInterval(() => void getPrisma().restoreRun.update({ where: { id: restoreId }, data: { heartbeatAt: new Date() } }).catch(() => {}), HEARTBEAT_MS);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}

async function recordEnd(restore: { id: bigint; startedAt: Date }, outcome: Omit<RestoreOutcome, 'restoreId'>): Promise<RestoreOutcome> {
  await getPrisma()
    .restoreRun.update({
      where: { id: restore.id },
      data: { status: outcome.status, error: outcome.error, differences: outcome.differences as object[], finishedAt: new Date(), durationMs: Date.now() - restore.startedAt.getTime() },
    })
    // A full restore over the console's own database replaces this very table; the outcome is still returned.
    .catch(() => {});
  return { restoreId: restore.id.toString(), ...outcome };
}

function createDatabaseError(error: unknown, user: string, database: string): AppError {
  if ((error as { code?: string }).code === '42501') {
    return new AppError('insufficient_privilege', `Creating database ${database} needs the CREATEDB privilege, which ${user} does not have.`);
  }
  return new AppError('query_failed', `Creating database ${database} failed: ${errorMessage(error)}`);
}

/**
 * Restore-verify: checks run before anything is created; the scratch database is dropped whatever happens.
 * Returns once the restore is recorded as running; `finished` settles with the outcome.
 */
export async function startRestoreVerify(backupId: string, startedBy: string, env: Env = getEnv()): Promise<{ restoreId: string; finished: Promise<RestoreOutcome> }> {
  const backup = await loadRestorableBackup(backupId);
  if (backup.options.section === 'data') throw new AppError('conflict', 'A data-only backup has no tables to restore into, so it cannot be verified on its own.');
  const connection = getDatabaseConnection(env);
  const scratch = `halcytone_verify_${backupId}_${randomBytes(4).toString('hex')}`;
  const restore = await recordStart(backupId, 'verify', startedBy, scratch);
  const finished = withHeartbeat(restore.id, async (): Promise<RestoreOutcome> => {
    const admin = await connectDedicated(connection, 'restore-verify');
    let created = false;
    try {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(scratch)}`).catch((error: unknown) => {
        throw createDatabaseError(error, connection.user, scratch);
      });
      created = true;
      const failure = await runPgRestore(env, connection, backup, scratch, ['--no-owner', '--no-privileges']);
      const restored = await connectDedicated(connection, 'restore-verify', scratch);
      let actual: BackupManifest;
      try {
        actual = await readManifest(restored, { tables: manifestTables(backup.options), countRows: backup.options.section !== 'schema' });
      } finally {
        await restored.end().catch(() => {});
      }
      const differences = backup.manifest ? compareManifests(backup.manifest as unknown as BackupManifest, actual) : [];
      const problems = [failure, ...differences.slice(0, 5).map(describeDifference)].filter(Boolean);
      if (!backup.manifest) problems.push('the backup recorded no manifest to compare with');
      return await recordEnd(restore, { status: problems.length === 0 ? 'succeeded' : 'failed', differences, error: problems.length ? problems.join('; ') : null });
    } catch (error) {
      const message = error instanceof AppError ? error.userMessage : redactSecrets(errorMessage(error), [connection.password]);
      return recordEnd(restore, { status: 'failed', differences: [], error: message });
    } finally {
      if (created) await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(scratch)} WITH (FORCE)`).catch(() => {});
      await admin.end().catch(() => {});
    }
  });
  return { restoreId: restore.id.toString(), finished };
}

export interface FullRestoreRequest {
  backupId: string;
  targetDatabase: string;
  /** Restoring over the database the console watches must be chosen explicitly. */
  overwriteLiveDatabase: boolean;
  startedBy: string;
}

/** A full restore with --clean --if-exists, creating the target database when it does not exist. */
export async function startFullRestore(request: FullRestoreRequest, env: Env = getEnv()): Promise<{ restoreId: string; finished: Promise<RestoreOutcome> }> {
  const { targetDatabase } = request;
  if (!DATABASE_NAME.test(targetDatabase)) throw new AppError('invalid_input', 'A database name starts with a letter or _ and has at most 63 letters, digits, _ or -.');
  if (['template0', 'template1'].includes(targetDatabase)) throw new AppError('invalid_input', `${targetDatabase} is a template database; choose another name.`);
  const connection = getDatabaseConnection(env);
  if (targetDatabase === connection.database && !request.overwriteLiveDatabase) {
    throw new AppError('conflict', `${targetDatabase} is the live database the console watches; restoring over it must be chosen explicitly.`);
  }
  const backup = await loadRestorableBackup(request.backupId);
  const restore = await recordStart(request.backupId, 'restore', request.startedBy, targetDatabase);
  const finished = withHeartbeat(restore.id, async (): Promise<RestoreOutcome> => {
    const admin = await connectDedicated(connection, 'restore');
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [targetDatabase]);
      if (!rowCount) {
        await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(targetDatabase)}`).catch((error: unknown) => {
          throw createDatabaseError(error, connection.user, targetDatabase);
        });
      }
      const failure = await runPgRestore(env, connection, backup, targetDatabase, ['--clean', '--if-exists']);
      return await recordEnd(restore, { status: failure ? 'failed' : 'succeeded', differences: [], error: failure });
    } catch (error) {
      const message = error instanceof AppError ? error.userMessage : redactSecrets(errorMessage(error), [connection.password]);
      return recordEnd(restore, { status: 'failed', differences: [], error: message });
    } finally {
      await admin.end().catch(() => {});
    }
  });
  return { restoreId: restore.id.toString(), finished };
}
