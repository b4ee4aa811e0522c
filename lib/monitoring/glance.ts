/**
 * What the on-call glance shows: the latest sample, whether the database answers, and the tiles. Reads go through
 * the shared cache (one read of console.metric_sample per process per couple of seconds, whatever the number of
 * viewers). "Unreachable since" is remembered per process from the first failed read.
 */
import 'server-only';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { toAppError } from '../pg/client';
import type { Sample } from '../sampler/sample';
import { findLatestSample } from '../sampler/store';
import { evaluateGlance, worstStatus, type Tile, type TileStatus } from './glance-rules';
import { sharedCached } from './shared-cache';

export interface Glance {
  status: TileStatus;
  reachable: boolean;
  unreachableSince: string | null;
  error: string | null;
  sample: Sample | null;
  tiles: Tile[];
  checkedAt: string;
}

// A new sample arrives every SAMPLE_INTERVAL_SECONDS; reading it at most every 5 s (the glance's refresh) keeps
// the cost on the monitored server flat whatever the number of viewers.
const LATEST_SAMPLE_TTL_MS = 5_000;

export interface LatestSampleRead {
  sample: Sample | null;
  reachable: boolean;
  unreachableSince: Date | null;
  error: string | null;
}

/**
 * Reads the latest sample and remembers since when reads have been failing; the first successful read clears it,
 * so the glance recovers by itself when the database returns.
 */
export function createLatestSampleReader(readLatest: () => Promise<Sample | null>) {
  let unreachableSince: Date | null = null;
  return async (now: Date): Promise<LatestSampleRead> => {
    try {
      const sample = await readLatest();
      unreachableSince = null;
      return { sample, reachable: true, unreachableSince, error: null };
    } catch (cause) {
      const appError = cause instanceof AppError ? cause : toAppError(cause);
      unreachableSince ??= now;
      return { sample: null, reachable: false, unreachableSince, error: appError.userMessage };
    }
  };
}

/** The newest sample through the shared 5 s cache: the glance, /api/metrics and anything else polled read this. */
export function findLatestSampleCached(): Promise<Sample | null> {
  return sharedCached('latest-sample', LATEST_SAMPLE_TTL_MS, findLatestSample);
}

/** The sampler is alive when its newest sample is at most two intervals old, plus the cache's 5 s. */
export function isSampleFresh(takenAt: string, intervalSeconds: number, now: Date): boolean {
  return now.getTime() - Date.parse(takenAt) <= 2 * intervalSeconds * 1000 + LATEST_SAMPLE_TTL_MS;
}

const readLatestSample = createLatestSampleReader(findLatestSampleCached);

export async function getGlance(now = new Date()): Promise<Glance> {
  const env = getEnv();
  const { sample, reachable, unreachableSince, error } = await readLatestSample(now);
  const tiles = evaluateGlance(
    { reachable, unreachableSince: unreachableSince?.toISOString() ?? null, error, sample, now },
    {
      connections: env.ALERT_CONNECTIONS,
      slowQueries: env.ALERT_SLOW_QUERIES,
      cacheHitRatio: env.ALERT_CACHE_HIT_RATIO,
      replicationLagSeconds: env.ALERT_REPLICATION_LAG_SECONDS,
      sampleIntervalSeconds: env.SAMPLE_INTERVAL_SECONDS,
    },
  );
  return {
    status: worstStatus(tiles.map((tile) => tile.status)),
    reachable,
    unreachableSince: unreachableSince?.toISOString() ?? null,
    error,
    sample,
    tiles,
    checkedAt: now.toISOString(),
  };
}
