/**
 * The background sampler: one per deployment however many processes (or viewers) there are — a leader loop
 * (lib/jobs/leader-loop.ts) whose work is one round over every watched server (lib/sampler/fleet-round.ts). It
 * keeps sampling and alerting while the console store is unreachable (that is when the primary holding it is
 * down), and writes what it held back when the store returns.
 */
import 'server-only';
import { deleteResolvedEpisodesOlderThan } from '../alerts/store';
import { getEnv } from '../env';
import { CONSOLE_LOCK_CLASS, createLeaderLoop } from '../jobs/leader-loop';
import { storeOutageTracker } from '../store/outage';
import { PRIMARY_TARGET } from '../targets/target-list';
import { sampleFleet } from './fleet-round';
import { deleteSamplesOlderThan } from './store';

/** The sampler's advisory lock; the backup jobs use other objids (lib/backup/connect.ts). */
export const SAMPLER_LOCK = { classId: CONSOLE_LOCK_CLASS, objectId: 1 } as const;

export interface SamplerStatus {
  isLeader: boolean;
  /** Sampling without the lock while the console store cannot be reached (lib/jobs/leader-loop.ts). */
  leadsThroughOutage: boolean;
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
  let lastSampleAt: string | null = null;
  const loop = createLeaderLoop({
    name: 'sampler',
    lock: SAMPLER_LOCK,
    intervalMs,
    autoStart,
    workThroughStoreOutage: true,
    async work() {
      const { readings, written } = await sampleFleet();
      lastSampleAt = readings.find((reading) => reading.target === PRIMARY_TARGET)?.sample?.takenAt ?? lastSampleAt;
      if (!written) return;
      await deleteSamplesOlderThan(retentionDays);
      await deleteResolvedEpisodesOlderThan(retentionDays);
    },
  });
  // When the console store answers again, write what was held back and take a fresh round at once rather than at
  // the next tick, so pages are current within moments of the recovery.
  const stopListening = storeOutageTracker().onRecovery(() => void loop.tick());
  return {
    tick: loop.tick,
    async stop() {
      stopListening();
      await loop.stop();
    },
    status() {
      const { isLeader, leadsThroughOutage, lastError } = loop.status();
      return { isLeader, leadsThroughOutage, lastSampleAt, lastError };
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
