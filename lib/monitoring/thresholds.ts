/** Thresholds from the guide's "Monitoring" section, shared by server code and client components. */

/** "Cache hit ratio (should be >99%)". */
export const HEALTHY_CACHE_HIT_RATIO = 0.99;

/** The configured thresholds the glance, the fleet's rows and the alert rules judge figures by (ALERT_*). */
export function configuredThresholds(env: {
  ALERT_CONNECTIONS: number;
  ALERT_SLOW_QUERIES: number;
  ALERT_CACHE_HIT_RATIO: number;
  ALERT_REPLICATION_LAG_SECONDS: number;
  SAMPLE_INTERVAL_SECONDS: number;
}) {
  return {
    connections: env.ALERT_CONNECTIONS,
    slowQueries: env.ALERT_SLOW_QUERIES,
    cacheHitRatio: env.ALERT_CACHE_HIT_RATIO,
    replicationLagSeconds: env.ALERT_REPLICATION_LAG_SECONDS,
    sampleIntervalSeconds: env.SAMPLE_INTERVAL_SECONDS,
  };
}
