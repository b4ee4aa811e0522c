/**
 * A background job that runs in exactly one console process of the deployment: every process runs the loop,
 * but only the one holding a PostgreSQL session advisory lock does the work. When the holder dies its session
 * ends, the lock is released, and another process takes over on its next tick. Used by the sampler and the
 * backup scheduler, each with its own lock key.
 */
import pg from 'pg';
import { toPgPoolConfig } from '../config/pg-pool-config';
import { getDatabaseConnection } from '../env';
import { errorMessage, redactSecrets } from '../errors';
import { CONSOLE_APPLICATION_NAME } from '../pg/client';

/** pg_try_advisory_lock(classid, objid): classid "HALC", one objid per job. */
export interface AdvisoryLockKey {
  classId: number;
  objectId: number;
}

export const CONSOLE_LOCK_CLASS = 0x48414c43;

/** Takes a session advisory lock if it is free; held until released or the session ends. */
export async function tryAdvisoryLock(client: pg.ClientBase, lock: AdvisoryLockKey): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [lock.classId, lock.objectId]);
  return rows[0].locked;
}

export interface LeaderLoopStatus {
  isLeader: boolean;
  lastRunAt: string | null;
  lastError: string | null;
}

export interface LeaderLoop {
  /** One tick: take the lock if free, then work if we hold it. Exposed for tests. */
  tick(): Promise<void>;
  status(): LeaderLoopStatus;
  stop(): Promise<void>;
}

export function createLeaderLoop(options: { name: string; lock: AdvisoryLockKey; intervalMs: number; autoStart?: boolean; work: () => Promise<void> }): LeaderLoop {
  const connection = getDatabaseConnection();
  let lockClient: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const state: LeaderLoopStatus = { isLeader: false, lastRunAt: null, lastError: null };

  async function dropLockClient(failed?: pg.Client) {
    // An error event from a client already replaced must not drop its successor.
    if (failed && failed !== lockClient) return;
    const client = lockClient;
    lockClient = null;
    state.isLeader = false;
    await client?.end().catch(() => {});
  }

  async function ensureLeadership(): Promise<boolean> {
    if (lockClient && state.isLeader) return true;
    if (!lockClient) {
      const client = new pg.Client({ ...toPgPoolConfig(connection), application_name: `${CONSOLE_APPLICATION_NAME} ${options.name}` });
      client.on('error', () => void dropLockClient(client));
      await client.connect();
      lockClient = client;
    }
    state.isLeader = await tryAdvisoryLock(lockClient, options.lock);
    return state.isLeader;
  }

  async function runOnce(): Promise<void> {
    try {
      if (!(await ensureLeadership())) return;
      await options.work();
      state.lastRunAt = new Date().toISOString();
      state.lastError = null;
    } catch (error) {
      state.lastError = redactSecrets(errorMessage(error), [connection.password]);
      // A broken lock connection is replaced on the next tick; leadership is re-contested then.
      if (lockClient) await lockClient.query('SELECT 1').catch(() => dropLockClient());
    }
  }

  const tick = () => (running ??= runOnce().finally(() => (running = null)));

  if (options.autoStart ?? true) {
    timer = setInterval(() => void tick(), options.intervalMs);
    timer.unref();
    void tick();
  }

  return {
    tick,
    status: () => ({ ...state }),
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      await dropLockClient();
    },
  };
}
