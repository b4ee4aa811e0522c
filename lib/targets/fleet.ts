/**
 * The fleet as viewers see it: every configured target with its newest sampling outcome and sample. Read from
 * the console schema through the shared cache (one read per process per few seconds however many viewers);
 * never from the targets themselves.
 */
import 'server-only';
import { getEnv } from '../env';
import { isSampleFresh, LATEST_SAMPLE_TTL_MS } from '../monitoring/freshness';
import { sharedCached } from '../monitoring/shared-cache';
import type { Sample } from '../sampler/sample';
import { findLatestSamples } from '../sampler/store';
import { getTargetRegistry, type TargetSource } from './registry';
import { listTargetStates } from './state';

export type TargetRole = 'primary' | 'replica';

export interface FleetMember {
  name: string;
  source: TargetSource;
  /** Up when the newest round reached it and that round is recent; null before its first round. */
  up: boolean | null;
  /** The newest round is too old to judge by: the sampler has stopped (not the target, necessarily). */
  stale: boolean;
  checkedAt: string | null;
  downSince: string | null;
  /** Why it is down, free of secrets. */
  error: string | null;
  /** Its newest successful sample (possibly older than checkedAt when it is down). */
  sample: Sample | null;
  role: TargetRole | null;
}

async function readFleet(now: Date): Promise<FleetMember[]> {
  const { targets, broken } = await getTargetRegistry();
  const names = [...targets.map((target) => target.name), ...broken.map((target) => target.name)];
  const [states, samples] = await Promise.all([listTargetStates(), findLatestSamples(names)]);
  const interval = getEnv().SAMPLE_INTERVAL_SECONDS;
  return [...targets, ...broken].map(({ name, source }) => {
    const state = states.get(name);
    const sample = samples.get(name) ?? null;
    const stale = state !== undefined && !isSampleFresh(state.checkedAt, interval, now);
    return {
      name,
      source,
      up: state ? state.up && !stale : null,
      stale,
      checkedAt: state?.checkedAt.toISOString() ?? null,
      downSince: (stale && state.up ? state.checkedAt : state?.downSince)?.toISOString() ?? null,
      error: stale ? `Not sampled since ${state.checkedAt.toISOString()}: is the console's sampler running?` : (state?.error ?? null),
      sample,
      role: sample?.recovery ? (sample.recovery.inRecovery ? 'replica' : 'primary') : null,
    };
  });
}

/**
 * Cached for at most a third of the sampling interval (and at most 5 s), so a target the sampler found down is
 * shown down well within one interval of it stopping.
 */
export function readFleetCached(now = new Date()): Promise<FleetMember[]> {
  const ttlMs = Math.min(LATEST_SAMPLE_TTL_MS, (getEnv().SAMPLE_INTERVAL_SECONDS * 1000) / 3);
  return sharedCached('fleet', ttlMs, () => readFleet(now));
}
