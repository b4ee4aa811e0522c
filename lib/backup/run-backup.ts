/**
 * One backup run: pg_dump in custom format, streamed through a SHA-256 meter into storage, with progress and a
 * heartbeat written to console.backup_run every second. The guide's "Automated Backups" script, as a service:
 *  - one backup at a time in the deployment (advisory lock on a dedicated connection);
 *  - pg_dump reads a snapshot exported by that connection, which counts the rows of every table in the same
 *    snapshot — the manifest restore-verify later compares with;
 *  - the dump is never held in memory; a failed or cancelled run publishes nothing (see storage/types.ts).
 */
import 'server-only';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ParsedConnection } from '../config/connection-string';
import { getPrisma } from '../db';
import { getDatabaseConnection, getEnv, type Env } from '../env';
import { AppError, errorMessage, redactSecrets, userFacingMessage } from '../errors';
import { BACKUP_LOCK, connectDedicated, serverVersion, tryAdvisoryLock } from './connect';
import { libpqEnvironment, TOOL_LOCK_WAIT_MS } from './libpq-env';
import { getManifest, type BackupManifest } from './manifest';
import { manifestTables, pgDumpArguments, type BackupOptions } from './options';
import { assertDumpCanReadServer, findPgTool, type PgTool } from './pg-tools';
import { storageFor, type BackupStorage } from './storage';
import { spawnTool, type ToolExit, type ToolProcess } from './tool-process';
import { execute } from '../pg/client';
import { clientRunner, int, NO_COLUMNS, text } from '../pg/rows';

export type BackupStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface BackupRequest {
  options: BackupOptions;
  trigger: 'manual' | 'schedule';
  /** The user's e-mail, or "schedule". */
  startedBy: string;
}

export interface BackupOutcome {
  runId: string;
  status: Exclude<BackupStatus, 'running'>;
  error: string | null;
}

const PROGRESS_INTERVAL_MS = 1_000;

/**
 * Running dumps of this process, so a cancel reaches them at once (other processes see cancel_requested):
 * pg_dump is stopped and the storage writer aborted, which also ends a write stalled on slow storage.
 */
const activeDumps = new Map<string, { dump: ToolProcess; abortWriter: () => Promise<void> }>();

/** The pg_dump process of a running backup in this process, for tests that kill it. */
export function activeDumpPid(runId: string): number | undefined {
  return activeDumps.get(runId)?.dump.child.pid;
}

/** halcytone_prod_20260930_020000_42.dump — the guide's naming, plus the run id so names never collide. */
export function backupFileName(database: string, startedAt: Date, runId: bigint): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  return `${database.replace(/[^A-Za-z0-9_-]/g, '_')}_${stamp}_${runId}.dump`;
}

/** What every run row records about its request and the versions involved. */
function runFields(request: BackupRequest, database: string, serverVersion: string, pgDumpVersion: string) {
  return {
    startedBy: request.startedBy,
    trigger: request.trigger,
    databaseName: database,
    serverVersion,
    pgDumpVersion,
    options: request.options,
    storageKind: request.options.storage,
  };
}

/**
 * Checks everything that can be checked before pg_dump starts (lock, versions, storage configuration), records
 * the run, and returns while the dump continues in the background; `finished` settles when it ends.
 * A refusal after the lock is taken (version mismatch, storage misconfigured) is recorded as a failed run too,
 * so a scheduled backup that cannot start leaves a trace.
 */
export async function runBackup(
  request: BackupRequest,
  env: Env = getEnv(),
  { lockWaitMs = TOOL_LOCK_WAIT_MS }: { lockWaitMs?: number } = {},
): Promise<{ runId: string; finished: Promise<BackupOutcome> }> {
  const connection = getDatabaseConnection(env);
  const client = await connectDedicated(connection, 'backup');
  let handedOver = false;
  try {
    if (!(await tryAdvisoryLock(client, BACKUP_LOCK)))
      throw new AppError('conflict', 'Another backup is running; wait for it to finish.');
    const server = await serverVersion(client);
    let tool: PgTool | undefined;
    let storage: BackupStorage;
    try {
      tool = await findPgTool('pg_dump', env.PG_DUMP_PATH);
      assertDumpCanReadServer(tool, server);
      storage = storageFor(request.options.storage, env);
    } catch (error) {
      const message = userFacingMessage(error, [connection.password]);
      await getPrisma().backupRun.create({
        data: {
          ...runFields(request, connection.database, server.version, tool?.version ?? 'not found'),
          status: 'failed',
          error: message,
          finishedAt: new Date(),
          durationMs: 0,
        },
      });
      throw error;
    }
    const run = await getPrisma().backupRun.create({
      data: runFields(request, connection.database, server.version, tool.version),
    });
    const runId = run.id.toString();
    const fileName = backupFileName(connection.database, run.startedAt, run.id);
    handedOver = true;
    const finished = executeDump({
      runId,
      request,
      connection,
      client,
      tool,
      storage,
      fileName,
      startedAt: run.startedAt,
      lockWaitMs,
    }).finally(() => client.end().catch(() => {}));
    return { runId, finished };
  } finally {
    if (!handedOver) await client.end().catch(() => {});
  }
}

interface DumpJob {
  runId: string;
  request: BackupRequest;
  connection: ParsedConnection;
  /** Holds the backup lock; exports the snapshot and counts rows in it. */
  client: pg.Client;
  tool: PgTool;
  storage: BackupStorage;
  fileName: string;
  startedAt: Date;
  /** pg_dump's --lock-wait-timeout, and the row counts' lock_timeout. */
  lockWaitMs: number;
}

/** Counts bytes and hashes them on their way to storage. */
function createMeter() {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  return { stream, bytes: () => bytes, sha256: () => hash.digest('hex') };
}

async function executeDump(job: DumpJob): Promise<BackupOutcome> {
  const { runId, request, connection, client, tool, storage } = job;
  const prisma = getPrisma();
  const id = BigInt(runId);
  const secrets = [connection.password];
  let dump: ToolProcess | null = null;
  let manifestSettled = true;
  let backendPid: number | null = null;
  let progress: NodeJS.Timeout | null = null;
  const writer = await storage.createWriter(job.fileName).catch((error: unknown) => error as Error);

  const finish = async (
    status: BackupOutcome['status'],
    fields: {
      error?: string;
      sizeBytes?: number;
      sha256?: string;
      manifest?: BackupManifest;
      storageLocation?: string;
    } = {},
  ) => {
    if (status !== 'succeeded' && !(writer instanceof Error)) await writer.abort();
    await prisma.backupRun.update({
      where: { id },
      data: {
        ...fields,
        status,
        finishedAt: new Date(),
        durationMs: Date.now() - job.startedAt.getTime(),
        currentObject: null,
        manifest: fields.manifest as object | undefined,
      },
    });
    return { runId, status, error: fields.error ?? null };
  };

  if (writer instanceof Error) return finish('failed', { error: redactSecrets(errorMessage(writer), secrets) });

  try {
    const run = clientRunner(client);
    backendPid = (await run(z.object({ pid: int }), 'SELECT pg_backend_pid() AS pid'))[0].pid;
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [{ snapshot }] = await run(z.object({ snapshot: text }), 'SELECT pg_export_snapshot() AS snapshot');
    // The manifest's row counts wait for locks no longer than pg_dump does.
    await run(NO_COLUMNS, `SELECT set_config('lock_timeout', $1, true)`, [String(job.lockWaitMs)]);
    const args = [
      ...pgDumpArguments(request.options),
      `--lock-wait-timeout=${job.lockWaitMs}`,
      `--snapshot=${snapshot}`,
    ];
    const running = spawnTool(tool, args, libpqEnvironment(connection), 'ignore');
    dump = running;
    activeDumps.set(runId, { dump: running, abortWriter: () => writer.abort() });
    // The manifest is read while pg_dump runs, in the snapshot pg_dump reads, so it adds little wall time.
    manifestSettled = false;
    const manifest = getManifest(client, {
      tables: manifestTables(request.options),
      countRows: request.options.section !== 'schema',
    }).finally(() => (manifestSettled = true));
    manifest.catch(() => {});
    const meter = createMeter();

    progress = setInterval(() => {
      void prisma.backupRun
        .update({
          where: { id },
          data: { bytesWritten: meter.bytes(), currentObject: running.currentStep(), heartbeatAt: new Date() },
          select: { cancelRequested: true },
        })
        .then(({ cancelRequested }) => cancelRequested && cancelBackupProcess(runId))
        .catch(() => {});
    }, PROGRESS_INTERVAL_MS);

    const copyError = pipeline(running.child.stdout!, meter.stream, writer.stream).then(
      () => null,
      (error: unknown) => {
        running.child.kill('SIGTERM');
        return error as Error;
      },
    );
    const [storageError, exit] = await Promise.all([copyError, running.exit]);

    if (cancelledRuns.has(runId))
      return await finish('cancelled', { error: 'Cancelled before it finished; nothing was kept.' });
    if (storageError)
      return await finish('failed', {
        error: redactSecrets(`Writing to ${storage.description} failed: ${errorMessage(storageError)}`, secrets),
      });
    if (exit.code !== 0 || exit.signal)
      return await finish('failed', { error: describeDumpFailure(running, exit, secrets, job.lockWaitMs) });
    const counted = await manifest;
    const location = await writer.commit();
    return await finish('succeeded', {
      sizeBytes: meter.bytes(),
      sha256: meter.sha256(),
      manifest: counted,
      storageLocation: location,
    });
  } catch (error) {
    dump?.child.kill('SIGKILL');
    return await finish('failed', { error: redactSecrets(errorMessage(error), secrets) }).catch(() => ({
      runId,
      status: 'failed' as const,
      error: errorMessage(error),
    }));
  } finally {
    if (progress) clearInterval(progress);
    activeDumps.delete(runId);
    cancelledRuns.delete(runId);
    // A count still waiting (say, behind a lock) would hold this connection, and the backup lock, until it ends.
    if (!manifestSettled && backendPid) await execute('SELECT pg_cancel_backend($1)', [backendPid]).catch(() => {});
    await client.query('ROLLBACK').catch(() => {});
  }
}

/** pg_dump's own words, and first, when it gave up waiting for a table lock, what that means. */
function describeDumpFailure(
  dump: ToolProcess,
  exit: ToolExit,
  secrets: readonly (string | undefined)[],
  lockWaitMs: number,
): string {
  const failure = dump.failure(exit, secrets);
  // --lock-wait-timeout cancels pg_dump's LOCK TABLE with a statement timeout.
  if (!dump.printed(/Query was: LOCK TABLE/) || !dump.printed(/canceling statement due to (statement|lock) timeout/))
    return failure;
  return `pg_dump waited more than ${lockWaitMs / 1000} s for a table lock another session holds (--lock-wait-timeout) and gave up, so a backup never waits for ever; find the session on the Activity page, or back up again later. ${failure}`;
}

/** Runs asked to stop in this process: their pg_dump exit is a cancellation, not a failure. */
const cancelledRuns = new Set<string>();

/** Stops this process's pg_dump for the run and abandons what it wrote, if it runs here. */
function cancelBackupProcess(runId: string): boolean {
  const active = activeDumps.get(runId);
  if (!active || cancelledRuns.has(runId)) return false;
  cancelledRuns.add(runId);
  active.dump.child.kill('SIGTERM');
  void active.abortWriter();
  return true;
}

/**
 * Asks a running backup to stop: at once when it runs in this process, else within a second through the
 * cancel_requested flag its process polls. Returns false when the run is not running.
 */
export async function requestBackupCancel(runId: string): Promise<boolean> {
  const { count } = await getPrisma().backupRun.updateMany({
    where: { id: BigInt(runId), status: 'running' },
    data: { cancelRequested: true },
  });
  if (count === 0) return false;
  cancelBackupProcess(runId);
  return true;
}
