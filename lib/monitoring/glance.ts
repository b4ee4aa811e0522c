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
let unreachableSince: Date | null = null;

export async function getGlance(now = new Date()): Promise<Glance> {
  const env = getEnv();
  let sample: Sample | null = null;
  let error: string | null = null;
  try {
    sample = await sharedCached('latest-sample', LATEST_SAMPLE_TTL_MS, findLatestSample);
    unreachableSince = null;
  } catch (cause) {
    const appError = cause instanceof AppError ? cause : toAppError(cause);
    error = appError.userMessage;
    unreachableSince ??= now;
  }
  const reachable = unreachableSince === null;
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
