/**
 * Restores, as the guide's "Restore Procedure" (pg_restore from the stored archive, lib/backup/pg-restore.ts):
 *  - verify: into a scratch database the console creates and always drops, then the restored tables, indexes and
 *    row counts are compared with the manifest recorded at backup time;
 *  - full restore: into a named database with --clean --if-exists, as the guide. Over the live database only the
 *    application's schema (public) is restored unless the admin includes the console's own schema, so users, the
 *    append-only audit log and the restore's own record survive.
 * One runs at a time (advisory lock: each copies the whole database on the monitored server). Each is recorded in
 * console.restore_run — before anything is created, so a scratch database always has a record naming it — with a
 * heartbeat, so a restore whose process died is not shown running for ever. Any of them can be cancelled.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { AuditActor } from '../audit/record-audit-event';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { ParsedConnection } from '../config/connection-string';
import { getPrisma } from '../db';
import {
  getConsoleDatabaseConnection,
  getDatabaseConnection,
  getEnv,
  hasSeparateConsoleDatabase,
  type Env,
} from '../env';
import { AppError, userFacingMessage } from '../errors';
import { parseStored } from '../pg/rows';
import { connectDedicated, RESTORE_LOCK, tryAdvisoryLock } from './connect';
import { TOOL_LOCK_WAIT_MS } from './libpq-env';
import { backupManifestSchema, getManifest, type BackupManifest } from './manifest';
import { compareManifests, describeDifference, type ManifestDifference } from './manifest-difference';
import { backupOptionsSchema, manifestTables } from './options';
import { runPgRestore, type RestoreSource } from './pg-restore';
import { storageKindSchema } from './storage/types';
import type { ToolProcess } from './tool-process';

export interface RestoreOutcome {
  restoreId: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  differences: ManifestDifference[];
  error: string | null;
}

type Outcome = Omit<RestoreOutcome, 'restoreId'>;

/** PostgreSQL identifiers the console will create or restore into: plain names, at most 63 bytes. */
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;
const HEARTBEAT_MS = 5_000;
/** Scratch databases of restore-verify are named so; the scheduler drops only those a restore_run row names. */
export const SCRATCH_PREFIX = 'halcytone_verify_';

/** The application's schema: what a restore over the live database restores unless asked for more. */
const APPLICATION_SCHEMA = 'public';

export interface RestoreLimits {
  /** How long pg_restore may wait for a lock (TOOL_LOCK_WAIT_MS). */
  lockWaitMs?: number;
}

async function loadRestorableBackup(backupId: string) {
  const backup = await getPrisma().backupRun.findUnique({ where: { id: BigInt(backupId) } });
  if (!backup) throw new AppError('not_found', `Backup ${backupId} does not exist.`);
  if (backup.status !== 'succeeded' || !backup.storageLocation)
    throw new AppError('conflict', `Backup ${backupId} did not succeed; there is nothing to restore.`);
  if (backup.deletedAt)
    throw new AppError('conflict', `Backup ${backupId} was removed by retention on ${backup.deletedAt.toISOString()}.`);
  const source: RestoreSource = {
    storageKind: parseStored(storageKindSchema, backup.storageKind, `Backup ${backup.id}'s storage`),
    storageLocation: backup.storageLocation,
    pgDumpVersion: backup.pgDumpVersion,
  };
  return { ...backup, source, options: backupOptionsSchema.parse(backup.options) };
}

async function createDatabase(admin: pg.Client, connection: ParsedConnection, database: string): Promise<void> {
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } catch (error) {
    if ((error as { code?: string }).code === '42501') {
      throw new AppError(
        'insufficient_privilege',
        `Creating database ${database} needs the CREATEDB privilege, which ${connection.user} does not have.`,
      );
    }
    throw new AppError(
      'query_failed',
      `Creating database ${database} failed: ${userFacingMessage(error, [connection.password])}`,
    );
  }
}

/** Restores running in this process: a cancel reaches them at once (other processes notice on their heartbeat). */
const activeRestores = new Map<string, { abort: AbortController; tool?: ToolProcess }>();

/** The pg_restore process of a restore running in this process, for tests. */
export function activeRestorePid(restoreId: string): number | undefined {
  return activeRestores.get(restoreId)?.tool?.child.pid;
}

interface RunContext {
  admin: pg.Client;
  connection: ParsedConnection;
  signal: AbortSignal;
  /** pg_restore's application_name: unique to the run. */
  applicationName: string;
  onStart: (tool: ToolProcess) => void;
}

/**
 * The shared life of a restore: take the restore lock on a dedicated connection (refusing when another runs),
 * record the run and its audit entry in one transaction before any work, do the work in the background with a
 * heartbeat, and record how it ended — whatever happens, unless a cancel recorded it first.
 */
async function startRestoreRun(
  backupId: string,
  kind: 'verify' | 'restore',
  startedBy: string,
  targetDatabase: string,
  audit: { actor: AuditActor; action: string; after: Record<string, string | boolean> } | null,
  work: (context: RunContext) => Promise<Outcome>,
  env: Env,
): Promise<{ restoreId: string; finished: Promise<RestoreOutcome> }> {
  const connection = getDatabaseConnection(env);
  const admin = await connectDedicated(connection, kind === 'verify' ? 'restore-verify' : 'restore');
  let handedOver = false;
  try {
    if (!(await tryAdvisoryLock(admin, RESTORE_LOCK)))
      throw new AppError('conflict', 'Another restore or restore-verify is running; wait for it to finish.');
    const prisma = getPrisma();
    const run = await prisma.$transaction(async (tx) => {
      const created = await tx.restoreRun.create({
        data: { backupId: BigInt(backupId), kind, startedBy, targetDatabase },
      });
      if (audit)
        await recordAuditEvent(tx, {
          actor: audit.actor,
          action: audit.action,
          target: `backup:${backupId}`,
          after: { restoreId: created.id.toString(), ...audit.after },
        });
      return created;
    });
    const restoreId = run.id.toString();
    const active = { abort: new AbortController(), tool: undefined as ToolProcess | undefined };
    activeRestores.set(restoreId, active);
    // The heartbeat finds a cancel made in another process: the row is no longer running.
    const beat = setInterval(() => {
      void prisma.restoreRun
        .updateMany({ where: { id: run.id, status: 'running' }, data: { heartbeatAt: new Date() } })
        .then(({ count }) => count === 0 && active.abort.abort())
        .catch(() => {});
    }, HEARTBEAT_MS);
    const record = async (outcome: Outcome): Promise<RestoreOutcome> => {
      const stored = outcome.status === 'cancelled' ? null : outcome;
      if (stored) {
        await prisma.restoreRun
          .updateMany({
            // A cancel already recorded the run; it stays recorded as cancelled.
            where: { id: run.id, status: 'running' },
            data: {
              status: stored.status,
              error: stored.error,
              differences: stored.differences as object[],
              finishedAt: new Date(),
              durationMs: Date.now() - run.startedAt.getTime(),
            },
          })
          // With the console's own schema restored over the live database, this very table was replaced.
          .catch(() => {});
      }
      const row = await prisma.restoreRun
        .findUnique({ where: { id: run.id }, select: { error: true } })
        .catch(() => null);
      return {
        restoreId,
        ...outcome,
        error: outcome.status === 'cancelled' ? (row?.error ?? 'Cancelled on request.') : outcome.error,
      };
    };
    handedOver = true;
    const context: RunContext = {
      admin,
      connection,
      signal: active.abort.signal,
      applicationName: `halcytone-console ${kind} ${restoreId}`,
      onStart: (tool) => (active.tool = tool),
    };
    const finished = work(context)
      .catch((error: unknown): Outcome => ({
        status: 'failed',
        differences: [],
        error: userFacingMessage(error, [connection.password]),
      }))
      .then((outcome) =>
        active.abort.signal.aborted ? { status: 'cancelled' as const, differences: [], error: null } : outcome,
      )
      .then(record)
      .finally(() => {
        clearInterval(beat);
        activeRestores.delete(restoreId);
        return admin.end().catch(() => {});
      });
    return { restoreId, finished };
  } finally {
    if (!handedOver) await admin.end().catch(() => {});
  }
}

/**
 * Asks a running restore or restore-verify to stop: it is recorded as cancelled at once; its pg_restore is stopped
 * at once when it runs in this process, else at its process's next heartbeat (within 5 s). A verify's scratch
 * database is dropped as always. Returns false when it is not running.
 */
export async function requestRestoreCancel(restoreId: string, by: string): Promise<boolean> {
  const prisma = getPrisma();
  const run = await prisma.restoreRun.findUnique({
    where: { id: BigInt(restoreId) },
    select: { kind: true, startedAt: true, targetDatabase: true },
  });
  if (!run) return false;
  const error =
    run.kind === 'verify'
      ? `Cancelled by ${by} before it finished; the scratch database is dropped.`
      : `Cancelled by ${by} before it finished; what pg_restore had restored into ${run.targetDatabase} until then stays.`;
  const { count } = await prisma.restoreRun.updateMany({
    where: { id: BigInt(restoreId), status: 'running' },
    data: { status: 'cancelled', error, finishedAt: new Date(), durationMs: Date.now() - run.startedAt.getTime() },
  });
  if (count === 0) return false;
  activeRestores.get(restoreId)?.abort.abort();
  return true;
}

/**
 * Restore-verify. Judged by the comparison: pg_restore may report errors that do not affect the data (say, an
 * extension only a superuser may create); those are kept as a note on a verify whose tables, indexes and row
 * counts all match, and make it fail when anything differs.
 */
export async function startRestoreVerify(
  backupId: string,
  startedBy: string,
  env: Env = getEnv(),
  { actor, lockWaitMs = TOOL_LOCK_WAIT_MS }: RestoreLimits & { actor?: AuditActor } = {},
): Promise<{ restoreId: string; finished: Promise<RestoreOutcome> }> {
  const backup = await loadRestorableBackup(backupId);
  if (backup.options.section === 'data')
    throw new AppError(
      'conflict',
      'A data-only backup has no tables to restore into, so it cannot be verified on its own.',
    );
  if (!backup.manifest) throw new AppError('conflict', `Backup ${backupId} recorded no manifest to compare with.`);
  const expected = parseStored(backupManifestSchema, backup.manifest, `Backup ${backupId}'s manifest`);
  const scratch = `${SCRATCH_PREFIX}${backupId}_${randomBytes(4).toString('hex')}`;
  const audit = actor ? { actor, action: 'backup.verify', after: { scratchDatabase: scratch } } : null;
  return startRestoreRun(
    backupId,
    'verify',
    startedBy,
    scratch,
    audit,
    async ({ admin, connection, signal, applicationName, onStart }) => {
      await createDatabase(admin, connection, scratch);
      try {
        const args = ['--no-owner', '--no-privileges'];
        const restored = await runPgRestore({
          env,
          connection,
          source: backup.source,
          database: scratch,
          args,
          admin,
          applicationName,
          lockWaitMs,
          signal,
          onStart,
        });
        if (restored.status === 'cancelled') return { status: 'cancelled', differences: [], error: null };
        const restoreErrors = restored.status === 'failed' ? restored.error : null;
        const reader = await connectDedicated(connection, 'restore-verify', scratch);
        let actual: BackupManifest;
        try {
          actual = await getManifest(reader, {
            tables: manifestTables(backup.options),
            countRows: backup.options.section !== 'schema',
          });
        } finally {
          await reader.end().catch(() => {});
        }
        const differences = compareManifests(expected, actual);
        if (differences.length > 0) {
          const problems = [
            ...differences.slice(0, 5).map(describeDifference),
            ...(restoreErrors ? [restoreErrors] : []),
          ];
          return { status: 'failed', differences, error: problems.join('; ') };
        }
        return {
          status: 'succeeded',
          differences,
          error: restoreErrors
            ? `Tables, indexes and row counts match; pg_restore also reported: ${restoreErrors}`
            : null,
        };
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
  /** Over the live database: also restore the console's own schema (users, audit log, records). Off by default. */
  includeConsoleSchema?: boolean;
  /** Who asked: recorded in the audit log before the restore starts. */
  actor: AuditActor;
}

/** The database holding the console's own data, when it is another than the live one, on the same server. */
function isSeparateConsoleDatabase(targetDatabase: string, env: Env): boolean {
  if (!hasSeparateConsoleDatabase(env)) return false;
  const live = getDatabaseConnection(env);
  const store = getConsoleDatabaseConnection(env);
  return (
    store.database === targetDatabase &&
    store.host === live.host &&
    store.port === live.port &&
    store.socketDir === live.socketDir
  );
}

/** A full restore with --clean --if-exists, creating the target database when it does not exist. */
export async function startFullRestore(
  request: FullRestoreRequest,
  env: Env = getEnv(),
  { lockWaitMs = TOOL_LOCK_WAIT_MS }: RestoreLimits = {},
): Promise<{ restoreId: string; finished: Promise<RestoreOutcome> }> {
  const { targetDatabase } = request;
  if (!DATABASE_NAME.test(targetDatabase))
    throw new AppError(
      'invalid_input',
      'A database name starts with a letter or _ and has at most 63 letters, digits, _ or -.',
    );
  if (['template0', 'template1'].includes(targetDatabase))
    throw new AppError('invalid_input', `${targetDatabase} is a template database; choose another name.`);
  const isLive = targetDatabase === getDatabaseConnection(env).database;
  if (isLive && !request.overwriteLiveDatabase) {
    throw new AppError(
      'conflict',
      `${targetDatabase} is the live database the console watches; restoring over it must be chosen explicitly.`,
    );
  }
  if (isSeparateConsoleDatabase(targetDatabase, env)) {
    throw new AppError(
      'conflict',
      `${targetDatabase} holds the console's own data (CONSOLE_DATABASE_URL); restore into another database.`,
    );
  }
  const backup = await loadRestorableBackup(request.backupId);
  const applicationOnly = isLive && !request.includeConsoleSchema;
  const args = ['--clean', '--if-exists', ...(applicationOnly ? [`--schema=${APPLICATION_SCHEMA}`] : [])];
  const audit = {
    actor: request.actor,
    action: 'backup.restore',
    after: { targetDatabase, overwriteLiveDatabase: isLive, schemas: applicationOnly ? APPLICATION_SCHEMA : 'all' },
  };
  return startRestoreRun(
    request.backupId,
    'restore',
    request.actor.email,
    targetDatabase,
    audit,
    async ({ admin, connection, signal, applicationName, onStart }) => {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [targetDatabase]);
      if (!rowCount) await createDatabase(admin, connection, targetDatabase);
      const restored = await runPgRestore({
        env,
        connection,
        source: backup.source,
        database: targetDatabase,
        args,
        admin,
        applicationName,
        lockWaitMs,
        signal,
        onStart,
      });
      if (restored.status === 'failed') return { status: 'failed', differences: [], error: restored.error };
      return { status: restored.status, differences: [], error: null };
    },
    env,
  );
}
