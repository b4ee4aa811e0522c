/**
 * The configured thresholds (ALERT_*; defaults from the guide's "Monitoring" section and alert rules) and the
 * judgements made with them. Every figure that is coloured — the glance's tiles and figures, the fleet's rows,
 * the cache report, the alert rules — is judged here, by the same values. Pure.
 */

export interface Thresholds {
  connections: number;
  slowQueries: number;
  /** "Cache hit ratio (should be >99%)". */
  cacheHitRatio: number;
  /**
   * Below this many table blocks accessed (hit + read) since the statistics were reset, the ratio says more about
   * a cold start than about the cache: it is shown as warming up, not judged.
   */
  cacheHitMinBlocks: number;
  replicationLagSeconds: number;
  sampleIntervalSeconds: number;
}

/** The thresholds the console runs with. */
export function configuredThresholds(env: {
  ALERT_CONNECTIONS: number;
  ALERT_SLOW_QUERIES: number;
  ALERT_CACHE_HIT_RATIO: number;
  ALERT_CACHE_HIT_MIN_BLOCKS: number;
  ALERT_REPLICATION_LAG_SECONDS: number;
  SAMPLE_INTERVAL_SECONDS: number;
}): Thresholds {
  return {
    connections: env.ALERT_CONNECTIONS,
    slowQueries: env.ALERT_SLOW_QUERIES,
    cacheHitRatio: env.ALERT_CACHE_HIT_RATIO,
    cacheHitMinBlocks: env.ALERT_CACHE_HIT_MIN_BLOCKS,
    replicationLagSeconds: env.ALERT_REPLICATION_LAG_SECONDS,
    sampleIntervalSeconds: env.SAMPLE_INTERVAL_SECONDS,
  };
}

export type CacheHitJudgement =
  | { kind: 'none' }
  | { kind: 'warming-up'; ratio: number; blocks: number }
  | { kind: 'judged'; ratio: number; blocks: number; status: 'ok' | 'warn' | 'bad' };

/** How much below the threshold a ratio may be before it is a problem rather than a warning. */
const CACHE_HIT_WARN_MARGIN = 0.04;

/** The cache-hit ratio as judged: none before any block, warming up below the minimum of blocks, else a status. */
export function judgeCacheHit(
  cache: { heapRead: number; heapHit: number; ratio: number | null },
  thresholds: Pick<Thresholds, 'cacheHitRatio' | 'cacheHitMinBlocks'>,
): CacheHitJudgement {
  if (cache.ratio === null) return { kind: 'none' };
  const blocks = cache.heapRead + cache.heapHit;
  if (blocks < thresholds.cacheHitMinBlocks) return { kind: 'warming-up', ratio: cache.ratio, blocks };
  const status =
    cache.ratio >= thresholds.cacheHitRatio
      ? 'ok'
      : cache.ratio >= thresholds.cacheHitRatio - CACHE_HIT_WARN_MARGIN
        ? 'warn'
        : 'bad';
  return { kind: 'judged', ratio: cache.ratio, blocks, status };
}
