/**
 * One pg_restore: the stored archive streamed from storage into its stdin (never a temporary file, never held in
 * memory), stoppable at any moment — a cancel, or a lock it waits for longer than TOOL_LOCK_WAIT_MS. Stopping kills
 * pg_restore and ends its sessions on the server, which a killed client does not end by itself: a session waiting
 * for a lock would otherwise wait on, and run its statement once it got the lock.
 *
 * pg_restore's sessions carry an application_name of their own (PGAPPNAME), so the console finds them in
 * pg_stat_activity from its dedicated restore connection.
 */
import 'server-only';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { z } from 'zod';
import type { ParsedConnection } from '../config/connection-string';
import type { Env } from '../env';
import { errorMessage, redactSecrets } from '../errors';
import { clientRunner, int, text } from '../pg/rows';
import { libpqEnvironment } from './libpq-env';
import { assertRestoreCanReadArchive, findPgTool } from './pg-tools';
import { storageFor } from './storage';
import type { StorageKind } from './storage/types';
import { spawnTool, type ToolProcess } from './tool-process';

/** How often pg_restore's sessions are looked at for a lock wait. */
const LOCK_CHECK_MS = 1_000;

export interface RestoreSource {
  storageKind: StorageKind;
  storageLocation: string;
  pgDumpVersion: string;
}

export interface PgRestoreJob {
  env: Env;
  connection: ParsedConnection;
  source: RestoreSource;
  database: string;
  args: string[];
  /** The dedicated restore connection: watches and ends pg_restore's sessions. */
  admin: pg.Client;
  /** Unique to the run, so its sessions can be told apart from every other. */
  applicationName: string;
  lockWaitMs: number;
  /** Aborted when the run is cancelled. */
  signal: AbortSignal;
  /** Told pg_restore's process once it runs (tests kill or watch it). */
  onStart?: (tool: ToolProcess) => void;
}

export type PgRestoreResult = { status: 'succeeded' } | { status: 'failed'; error: string } | { status: 'cancelled' };

const lockWaitRow = z.object({ pid: int, blockers: text, query: text });
type StopReason = { cancelled: true } | { lockWait: z.output<typeof lockWaitRow> };

/** A session of the run waiting for a lock longer than allowed: its pid, who holds the lock, what it was doing. */
async function findOverdueLockWait(admin: pg.Client, applicationName: string, lockWaitMs: number) {
  const [row] = await clientRunner(admin)(
    lockWaitRow,
    `SELECT pid, coalesce(array_to_string(pg_blocking_pids(pid), ', '), '') AS blockers, left(query, 200) AS query
     FROM pg_stat_activity
     WHERE application_name = $1 AND wait_event_type = 'Lock' AND query_start < now() - make_interval(secs => $2::float8 / 1000)
     LIMIT 1`,
    [applicationName, lockWaitMs],
  );
  return row;
}

/** Ends the run's sessions (pg_terminate_backend: the console's own role may end its own sessions). */
async function endSessions(admin: pg.Client, applicationName: string): Promise<void> {
  await admin.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
    [applicationName],
  );
}

export async function runPgRestore(job: PgRestoreJob): Promise<PgRestoreResult> {
  const { env, connection, source, admin, applicationName, signal } = job;
  const secrets = [connection.password];
  const tool = await findPgTool('pg_restore', env.PG_RESTORE_PATH);
  assertRestoreCanReadArchive(tool, source.pgDumpVersion);
  if (signal.aborted) return { status: 'cancelled' };
  const input = await storageFor(source.storageKind, env).openReader(source.storageLocation);
  const restore = spawnTool(
    tool,
    [...job.args, '--verbose', '--no-password', `--dbname=${job.database}`],
    libpqEnvironment(connection, job.database, applicationName),
    'pipe',
  );
  job.onStart?.(restore);

  // Why it was stopped, set from callbacks (hence an object: a `let` would be narrowed to its initial null).
  const state: { stopped: StopReason | null } = { stopped: null };
  let stopping: Promise<void> = Promise.resolve();
  const stop = (why: StopReason) => {
    if (state.stopped) return;
    state.stopped = why;
    restore.child.kill('SIGTERM');
    stopping = endSessions(admin, applicationName).catch(() => {});
  };
  const onAbort = () => stop({ cancelled: true });
  signal.addEventListener('abort', onAbort);
  if (signal.aborted) onAbort();
  let checking = false;
  const watchdog = setInterval(() => {
    if (checking || state.stopped) return;
    checking = true;
    findOverdueLockWait(admin, applicationName, job.lockWaitMs)
      .then((waiting) => waiting && stop({ lockWait: waiting }))
      .catch(() => {})
      .finally(() => (checking = false));
  }, LOCK_CHECK_MS);

  try {
    // pg_restore may stop reading (a fatal error, or stopped here); its stdin then breaks, which its exit explains.
    const fed = pipeline(input, restore.child.stdin!).catch((error: unknown) => error as Error);
    const [feedError, exit] = await Promise.all([fed, restore.exit]);
    await stopping;
    const why = state.stopped;
    if (why && 'cancelled' in why) return { status: 'cancelled' };
    if (why) {
      const holders = why.lockWait.blockers ? ` held by the session with pid ${why.lockWait.blockers}` : '';
      return {
        status: 'failed',
        error: redactSecrets(
          `pg_restore waited more than ${job.lockWaitMs / 1000} s for a lock${holders} and was stopped, so a restore never waits for ever; what it restored before stays. It was running: ${why.lockWait.query}`,
          secrets,
        ),
      };
    }
    if (exit.code !== 0 || exit.signal) return { status: 'failed', error: restore.failure(exit, secrets) };
    if (feedError)
      return {
        status: 'failed',
        error: redactSecrets(`Reading the backup failed: ${errorMessage(feedError)}`, secrets),
      };
    return { status: 'succeeded' };
  } finally {
    clearInterval(watchdog);
    signal.removeEventListener('abort', onAbort);
  }
}
