/**
 * What /api/metrics exposes: the sampler's newest sample, read through the same 5 s shared cache as the glance,
 * so a scrape never runs statistics SQL on the monitored server.
 */
import 'server-only';
import { getEnv } from '../env';
import { findLatestSampleCached, isSampleFresh } from '../monitoring/glance';
import type { TargetSnapshot } from './exposition';

/** The configured DATABASE_URL; several named targets come with the fleet view. */
export const PRIMARY_TARGET = 'primary';

export async function collectSnapshots(now = new Date()): Promise<TargetSnapshot[]> {
  const env = getEnv();
  try {
    const sample = await findLatestSampleCached();
    // Down as soon as one sampling round is missed (isSampleFresh).
    return [{ target: PRIMARY_TARGET, up: sample !== null && isSampleFresh(sample.takenAt, env.SAMPLE_INTERVAL_SECONDS, now), sample }];
  } catch {
    // The samples live in the watched database: not reading them means it is not reachable.
    return [{ target: PRIMARY_TARGET, up: false, sample: null }];
  }
}
