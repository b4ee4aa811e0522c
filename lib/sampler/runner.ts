/**
 * The background sampler: every console process runs this loop, but only the one holding a PostgreSQL session
 * advisory lock samples — one sampler per deployment however many processes (or viewers) there are. When the
 * holder dies its session ends, the lock is released, and another process takes over on its next tick.
 */
import 'server-only';
import pg from 'pg';
import { toPgPoolConfig } from '../config/pg-pool-config';
import { getDatabaseConnection, getEnv } from '../env';
import { errorMessage, redactSecrets } from '../errors';
import { CONSOLE_APPLICATION_NAME } from '../pg/client';
import { takeSample } from './sample';
import { deleteSamplesOlderThan, insertSample } from './store';

/** pg_try_advisory_lock(classid, objid): "HALC" and 1 (the sampler). Other console locks use other objids. */
export const SAMPLER_LOCK = { classId: 0x48414c43, objectId: 1 } as const;

export interface SamplerStatus {
  isLeader: boolean;
  lastSampleAt: string | null;
  lastError: string | null;
}

export interface Sampler {
  /** One tick: take the lock if free, then sample if we hold it. Exposed for tests. */
  tick(): Promise<void>;
  status(): SamplerStatus;
  stop(): Promise<void>;
}

export function createSampler({ intervalMs, retentionDays, autoStart = true }: { intervalMs: number; retentionDays: number; autoStart?: boolean }): Sampler {
  const connection = getDatabaseConnection();
  let lockClient: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const state: SamplerStatus = { isLeader: false, lastSampleAt: null, lastError: null };

  async function dropLockClient() {
    const client = lockClient;
    lockClient = null;
    state.isLeader = false;
    await client?.end().catch(() => {});
  }

  async function ensureLeadership(): Promise<boolean> {
    if (lockClient && state.isLeader) return true;
    if (!lockClient) {
      const client = new pg.Client({ ...toPgPoolConfig(connection), application_name: `${CONSOLE_APPLICATION_NAME} sampler` });
      client.on('error', () => void dropLockClient());
      await client.connect();
      lockClient = client;
    }
    const { rows } = await lockClient.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
      SAMPLER_LOCK.classId,
      SAMPLER_LOCK.objectId,
    ]);
    state.isLeader = rows[0].locked;
    return state.isLeader;
  }

  async function sampleOnce(): Promise<void> {
    try {
      if (!(await ensureLeadership())) return;
      const sample = await takeSample();
      await insertSample(sample);
      await deleteSamplesOlderThan(retentionDays);
      state.lastSampleAt = sample.takenAt;
      state.lastError = null;
    } catch (error) {
      state.lastError = redactSecrets(errorMessage(error), [connection.password]);
      // A broken lock connection is replaced on the next tick; leadership is re-contested then.
      if (lockClient) await lockClient.query('SELECT 1').catch(() => dropLockClient());
    }
  }

  const tick = () => (running ??= sampleOnce().finally(() => (running = null)));

  if (autoStart) {
    timer = setInterval(() => void tick(), intervalMs);
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

const globalForSampler = globalThis as unknown as { consoleSampler?: Sampler };

/** Starts this process's sampler once (called from instrumentation.ts). */
export function startSampler(): Sampler {
  if (!globalForSampler.consoleSampler) {
    const env = getEnv();
    globalForSampler.consoleSampler = createSampler({ intervalMs: env.SAMPLE_INTERVAL_SECONDS * 1000, retentionDays: env.SAMPLE_RETENTION_DAYS });
  }
  return globalForSampler.consoleSampler;
}

export function getSamplerStatus(): SamplerStatus | null {
  return globalForSampler.consoleSampler?.status() ?? null;
}
