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
import { processSamplerState, type SamplerState } from './sampler-state';
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

export interface SamplerOptions {
  intervalMs: number;
  retentionDays: number;
  /** False: the caller drives ticks (tests), and a recovery of the store does not tick either. */
  autoStart?: boolean;
  /** What the sampler keeps in memory: the process's own, which the pages read, unless a test plays a second process. */
  state?: SamplerState;
}

export function createSampler({
  intervalMs,
  retentionDays,
  autoStart = true,
  state = processSamplerState(),
}: SamplerOptions): Sampler {
  let lastSampleAt: string | null = null;
  const loop = createLeaderLoop({
    name: 'sampler',
    lock: SAMPLER_LOCK,
    intervalMs,
    autoStart,
    workThroughStoreOutage: true,
    // Another process leads: what this one held back while it led through an outage is still written, at once.
    standBy: () => state.writes.write(),
    async work() {
      const { readings, written } = await sampleFleet(new Date(), state);
      lastSampleAt = readings.find((reading) => reading.target === PRIMARY_TARGET)?.sample?.takenAt ?? lastSampleAt;
      if (!written) return;
      await deleteSamplesOlderThan(retentionDays);
      await deleteResolvedEpisodesOlderThan(retentionDays);
    },
  });
  // When the console store answers again, write what was held back and take a fresh round at once rather than at
  // the next tick, so pages are current within moments of the recovery.
  const stopListening = autoStart ? storeOutageTracker().onRecovery(() => void loop.tick()) : () => undefined;
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
    globalForSampler.consoleSampler = createSampler({
      intervalMs: env.SAMPLE_INTERVAL_SECONDS * 1000,
      retentionDays: env.SAMPLE_RETENTION_DAYS,
    });
  }
  return globalForSampler.consoleSampler;
}

export function getSamplerStatus(): SamplerStatus | null {
  return globalForSampler.consoleSampler?.status() ?? null;
}
