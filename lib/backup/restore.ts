/**
 * Restores, as the guide's "Restore Procedure": pg_restore from the stored archive, streamed from storage into
 * pg_restore's stdin (never written to a temporary file or held in memory).
 *  - verify: into a scratch database the console creates and always drops, then the restored tables, indexes and
 *    row counts are compared with the manifest recorded at backup time;
 *  - full restore: into a named database with --clean --if-exists, as the guide.
 * One runs at a time (advisory lock: each copies the whole database on the monitored server). Each is recorded
 * in console.restore_run, with a heartbeat so a restore whose process died is not shown running for ever.
 */
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import type { ParsedConnection } from '../config/connection-string';
import { getPrisma } from '../db';
import { getDatabaseConnection, getEnv, type Env } from '../env';
import { AppError, errorMessage, redactSecrets, userFacingMessage } from '../errors';
import { connectDedicated, RESTORE_LOCK, tryAdvisoryLock } from './connect';
import { libpqEnvironment } from './libpq-env';
import { parseStored } from '../pg/rows';
import { backupManifestSchema, compareManifests, describeDifference, readManifest, type BackupManifest, type ManifestDifference } from './manifest';
import { backupOptionsSchema, manifestTables } from './options';
import { assertRestoreCanReadArchive, findPgTool } from './pg-tools';
import { storageFor } from './storage';
import { storageKindSchema } from './storage/types';
import { spawnTool } from './tool-process';

export interface RestoreOutcome {
  restoreId: string;
  status: 'succeeded' | 'failed';
  differences: ManifestDifference[];
  error: string | null;
}

type Outcome = Omit<RestoreOutcome, 'restoreId'>;

/** PostgreSQL identifiers the console will create or restore into: plain names, at most 63 bytes. */
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;
const HEARTBEAT_MS = 5_000;
/** Scratch databases of restore-verify; the scheduler drops any left by a process that died. */
export const SCRATCH_PREFIX = 'halcytone_verify_';

type RestorableBackup = Awaited<ReturnType<typeof loadRestorableBackup>>;

async function loadRestorableBackup(backupId: string) {
  const backup = await getPrisma().backupRun.findUnique({ where: { id: BigInt(backupId) } });
  if (!backup) throw new AppError('not_found', `Backup ${backupId} does not exist.`);
  if (backup.status !== 'succeeded' || !backup.storageLocation) throw new AppError('conflict', `Backup ${backupId} did not succeed; there is nothing to restore.`);
  if (backup.deletedAt) throw new AppError('conflict', `Backup ${backupId} was removed by retention on ${backup.deletedAt.toISOString()}.`);
  return { ...backup, storageLocation: backup.storageLocation, options: backupOptionsSchema.parse(backup.options) };
}

/** pg_restore from storage into `database`; resolves with pg_restore's failure message, or null. */
async function runPgRestore(env: Env, connection: ParsedConnection, backup: RestorableBackup, database: string, extraArgs: string[]): Promise<string | null> {
  const tool = await findPgTool('pg_restore', env.PG_RESTORE_PATH);
  assertRestoreCanReadArchive(tool, backup.pgDumpVersion);
  const source = await storageFor(parseStored(storageKindSchema, backup.storageKind, `Backup ${backup.id}'s storage`), env).openReader(backup.storageLocation);
  const restore = spawnTool(tool, [...extraArgs, '--verbose', '--no-password', `--dbname=${database}`], libpqEnvironment(connection, database), 'pipe');
  // pg_restore may stop reading (a fatal error); its stdin then breaks, which its exit status explains better.
  const fed = pipeline(source, restore.child.stdin!).catch((error: unknown) => error as Error);
  const [feedError, exit] = await Promise.all([fed, restore.exit]);
  if (exit.code !== 0 || exit.signal) return restore.failure(exit, [connection.password]);
  if (feedError) return redactSecrets(`Reading the backup failed: ${errorMessage(feedError)}`, [connection.password]);
  return null;
}

async function createDatabase(admin: pg.Client, connection: ParsedConnection, database: string): Promise<void> {
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } catch (error) {
    if ((error as { code?: string }).code === '42501') {
      throw new AppError('insufficient_privilege', `Creating database ${database} needs the CREATEDB privilege, which ${connection.user} does not have.`);
    }
    throw new AppError('query_failed', `Creating database ${database} failed: ${userFacingMessage(error, [connection.password])}`);
  }
}

/**
 * The shared life of a restore: take the restore lock on a dedicated connection (refusing when another runs),
 * record the run, do the work in the background with a heartbeat, and record how it ended — whatever happens.
 */
async function startRestoreRun(
  backupId: string,
  kind: 'verify' | 'restore',
  startedBy: string,
  targetDatabase: string,
  work: (admin: pg.Client, connection: ParsedConnection) => Promise<Outcome>,
  env: Env,
): Promise<{ restoreId: string; finished: Promise<RestoreOutcome> }> {
  const connection = getDatabaseConnection(env);
  const admin = await connectDedicated(connection, kind === 'verify' ? 'restore-verify' : 'restore');
  let handedOver = false;
  try {
    if (!(await tryAdvisoryLock(admin, RESTORE_LOCK))) throw new AppError('conflict', 'Another restore or restore-verify is running; wait for it to finish.');
    const prisma = getPrisma();
    const run = await prisma.restoreRun.create({ data: { backupId: BigInt(backupId), kind, startedBy, targetDatabase } });
    const beat = setInterval(() => void prisma.restoreRun.update({ where: { id: run.id }, data: { heartbeatAt: new Date() } }).catch(() => {}), HEARTBEAT_MS);
    const record = async (outcome: Outcome): Promise<RestoreOutcome> => {
      await prisma.restoreRun
        .update({
          where: { id: run.id },
          data: { status: outcome.status, error: outcome.error, differences: outcome.differences as object[], finishedAt: new Date(), durationMs: Date.now() - run.startedAt.getTime() },
        })
        // A full restore over the console's own database replaces this very table; the outcome is still returned.
        .catch(() => {});
      return { restoreId: run.id.toString(), ...outcome };
    };
    handedOver = true;
    const finished = work(admin, connection)
      .catch((error: unknown): Outcome => ({ status: 'failed', differences: [], error: userFacingMessage(error, [connection.password]) }))
      .then(record)
      .finally(() => {
        clearInterval(beat);
        return admin.end().catch(() => {});
      });
    return { restoreId: run.id.toString(), finished };
  } finally {
    if (!handedOver) await admin.end().catch(() => {});
  }
}

/**
 * Restore-verify. Judged by the comparison: pg_restore may report errors that do not affect the data (say, an
 * extension only a superuser may create); those are kept as a note on a verify whose tables, indexes and row
 * counts all match, and make it fail when anything differs.
 */
export async function startRestoreVerify(backupId: string, startedBy: string, env: Env = getEnv()): Promise<{ restoreId: string; finished: Promise<RestoreOutcome> }> {
  const backup = await loadRestorableBackup(backupId);
  if (backup.options.section === 'data') throw new AppError('conflict', 'A data-only backup has no tables to restore into, so it cannot be verified on its own.');
  if (!backup.manifest) throw new AppError('conflict', `Backup ${backupId} recorded no manifest to compare with.`);
  const expected = parseStored(backupManifestSchema, backup.manifest, `Backup ${backupId}'s manifest`);
  const scratch = `${SCRATCH_PREFIX}${backupId}_${randomBytes(4).toString('hex')}`;
  return startRestoreRun(
    backupId,
    'verify',
    startedBy,
    scratch,
    async (admin, connection) => {
      await createDatabase(admin, connection, scratch);
      try {
        const restoreErrors = await runPgRestore(env, connection, backup, scratch, ['--no-owner', '--no-privileges']);
        const restored = await connectDedicated(connection, 'restore-verify', scratch);
        let actual: BackupManifest;
        try {
          actual = await readManifest(restored, { tables: manifestTables(backup.options), countRows: backup.options.section !== 'schema' });
        } finally {
          await restored.end().catch(() => {});
        }
        const differences = compareManifests(expected, actual);
        if (differences.length > 0) {
          const problems = [...differences.slice(0, 5).map(describeDifference), ...(restoreErrors ? [restoreErrors] : [])];
          return { status: 'failed', differences, error: problems.join('; ') };
        }
        return { status: 'succeeded', differences, error: restoreErrors ? `Tables, indexes and row counts match; pg_restore also reported: ${restoreErrors}` : null };
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(scratch)} WITH (FORCE)`).catch(() => {});
      }
    },
    env,
  );
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
  if (targetDatabase === getDatabaseConnection(env).database && !request.overwriteLiveDatabase) {
    throw new AppError('conflict', `${targetDatabase} is the live database the console watches; restoring over it must be chosen explicitly.`);
  }
  const backup = await loadRestorableBackup(request.backupId);
  return startRestoreRun(
    request.backupId,
    'restore',
    request.startedBy,
    targetDatabase,
    async (admin, connection) => {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [targetDatabase]);
      if (!rowCount) await createDatabase(admin, connection, targetDatabase);
      const failure = await runPgRestore(env, connection, backup, targetDatabase, ['--clean', '--if-exists']);
      return { status: failure ? 'failed' : 'succeeded', differences: [], error: failure };
    },
    env,
  );
}
