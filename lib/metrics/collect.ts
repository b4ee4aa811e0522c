/**
 * What /api/metrics exposes: the sampler's newest sample, read through the same 5 s shared cache as the glance,
 * so a scrape never runs statistics SQL on the monitored server.
 */
import 'server-only';
import { getEnv } from '../env';
import { sharedCached } from '../monitoring/shared-cache';
import { findLatestSample } from '../sampler/store';
import type { TargetSnapshot } from './exposition';

const LATEST_SAMPLE_TTL_MS = 5_000;
/** The configured DATABASE_URL; several named targets come with the fleet view. */
export const PRIMARY_TARGET = 'primary';

/** Up when the newest sample is at most two intervals old (plus the cache's 5 s): one missed round is down. */
export function isFresh(takenAt: string, intervalSeconds: number, now: Date): boolean {
  return now.getTime() - Date.parse(takenAt) <= (2 * intervalSeconds + 5) * 1000;
}

export async function collectSnapshots(now = new Date()): Promise<TargetSnapshot[]> {
  const env = getEnv();
  try {
    const sample = await sharedCached('latest-sample', LATEST_SAMPLE_TTL_MS, findLatestSample);
    return [{ target: PRIMARY_TARGET, up: sample !== null && isFresh(sample.takenAt, env.SAMPLE_INTERVAL_SECONDS, now), sample }];
  } catch {
    // The samples live in the watched database: not reading them means it is not reachable.
    return [{ target: PRIMARY_TARGET, up: false, sample: null }];
  }
}
