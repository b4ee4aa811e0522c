/**
 * A background job that runs in exactly one console process of the deployment: every process runs the loop,
 * but only the one holding a PostgreSQL session advisory lock in the console store does the work. When the holder
 * dies its session ends, the lock is released, and another process takes over on its next tick. Used by the
 * sampler, the backup scheduler and the checklist, each with its own lock key.
 *
 * While the console store is unreachable nobody can hold or check the lock. A job that must carry on through such
 * an outage (the sampler: it is what notices that the primary is down) sets `workThroughStoreOutage`: the process
 * that led when the store went away — or one that has never reached the store, having started during the outage —
 * keeps working until the store answers and the lock is contested again. Other jobs pause.
 */
import 'server-only';
import type pg from 'pg';
import { z } from 'zod';
import { errorMessage, redactSecrets } from '../errors';
import { bool, clientRunner } from '../pg/rows';
import { storeOutageTracker } from '../store/outage';
import { LockSession } from './lock-session';

/** pg_try_advisory_lock(classid, objid): classid "HALC", one objid per job. */
export interface AdvisoryLockKey {
  classId: number;
  objectId: number;
}

export const CONSOLE_LOCK_CLASS = 0x48414c43;

/** Takes a session advisory lock if it is free; held until released or the session ends. */
export async function tryAdvisoryLock(client: pg.ClientBase, lock: AdvisoryLockKey): Promise<boolean> {
  const [row] = await clientRunner(client)(
    z.object({ locked: bool }),
    'SELECT pg_try_advisory_lock($1, $2) AS locked',
    [lock.classId, lock.objectId],
  );
  return row.locked;
}

export interface LeaderLoopStatus {
  isLeader: boolean;
  /** True while leading without the lock because the console store cannot be reached. */
  leadsThroughOutage: boolean;
  lastRunAt: string | null;
  lastError: string | null;
}

export interface LeaderLoop {
  /** One tick: take the lock if free, then work if we hold it. Exposed for tests. */
  tick(): Promise<void>;
  status(): LeaderLoopStatus;
  stop(): Promise<void>;
}

export interface LeaderLoopOptions {
  name: string;
  lock: AdvisoryLockKey;
  intervalMs: number;
  autoStart?: boolean;
  /** Keep working while the console store is unreachable (see the module comment). */
  workThroughStoreOutage?: boolean;
  work: () => Promise<void>;
  /** Run at each tick another process leads (the sampler writes what it held while it led through an outage). */
  standBy?: () => Promise<void>;
}

export function createLeaderLoop(options: LeaderLoopOptions): LeaderLoop {
  const tracker = storeOutageTracker();
  const session = new LockSession(options.name);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  /** Whether this process has ever had an answer from the console store. */
  let reachedStore = false;
  const state: LeaderLoopStatus = { isLeader: false, leadsThroughOutage: false, lastRunAt: null, lastError: null };

  /** Whether the last answer the store gave about the lock made this process the leader; failures leave it as is. */
  let ledLastTime = false;

  /** Takes the lock if it is free (or confirms we still hold it). */
  async function contest(): Promise<boolean> {
    if (session.isOpen() && ledLastTime && !state.leadsThroughOutage) {
      // The session that holds the lock must still be alive: if the store restarted, the lock went with it. No
      // answer within the session's query timeout counts as dead too.
      if (await session.answers()) return true;
      await session.close();
    }
    const client = await session.open();
    reachedStore = true;
    ledLastTime = await tryAdvisoryLock(client, options.lock);
    return ledLastTime;
  }

  /** Whether this process should work this tick; throws when the store fails and the job must not go on. */
  async function ensureLeadership(): Promise<boolean> {
    try {
      state.isLeader = await contest();
      state.leadsThroughOutage = false;
      return state.isLeader;
    } catch (error) {
      await session.close();
      const carriesOn =
        options.workThroughStoreOutage === true && tracker.current() !== null && (ledLastTime || !reachedStore);
      state.isLeader = carriesOn;
      state.leadsThroughOutage = carriesOn;
      if (!carriesOn) throw error;
      return true;
    }
  }

  async function runOnce(): Promise<void> {
    try {
      if (!(await ensureLeadership())) {
        await options.standBy?.();
        return;
      }
      await options.work();
      state.lastRunAt = new Date().toISOString();
      state.lastError = null;
    } catch (error) {
      state.lastError = redactSecrets(errorMessage(error), [session.password]);
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
      await session.close();
      state.isLeader = false;
    },
  };
}
