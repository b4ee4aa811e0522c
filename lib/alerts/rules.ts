/**
 * The alert rules the sampler evaluates: the guide's PostgreSQLDown, HighConnectionCount and SlowQueries
 * ("Monitoring" → alert rules) plus cache-hit and replication-lag rules, and SamplerBehind about the console itself;
 * the same expressions and `for` durations as prometheus/database.rules.yml (rules.test.ts compares the two).
 * Thresholds come from the ALERT_* variables, whose defaults are the guide's. Pure.
 */
import { judgeCacheHit, type Thresholds } from '../monitoring/thresholds';
import type { Sample } from '../sampler/sample';

export type AlertThresholds = Pick<
  Thresholds,
  'connections' | 'slowQueries' | 'cacheHitRatio' | 'cacheHitMinBlocks' | 'replicationLagSeconds'
>;

/**
 * What the rules look at for one target after one attempt that judged it: up with a sample, or down. An attempt that
 * judged nothing — a failure not yet repeated often enough, a target the console could not sample — gives no reading,
 * and the target's episodes stay as they are.
 */
export interface TargetReading {
  target: string;
  up: boolean;
  /** This attempt's sample; null when the target was not reached. */
  sample: Sample | null;
  /**
   * Only on a console process's own reading (target consoleTarget(memberId)): the targets it owned but could not
   * sample in time in its last round. Such a reading is about the console, never about a server.
   */
  notSampled?: number;
}

/**
 * The pseudo-target a console process's own alerts are raised on, one per process: the parentheses and the space are
 * not allowed in a target's name (lib/targets/target-list.ts), so it can never be a watched server's.
 */
export function consoleTarget(memberId: number): string {
  return `(console ${memberId})`;
}

const isAboutConsole = (reading: TargetReading) => reading.notSampled !== undefined;

export interface AlertRule {
  name: string;
  severity: 'critical' | 'warning';
  forSeconds: number;
  /** The figure the rule compares, or null when this round has none (then the rule is not active). */
  value(reading: TargetReading, thresholds: AlertThresholds): number | null;
  isActive(value: number, thresholds: AlertThresholds): boolean;
  summary(value: number, thresholds: AlertThresholds): string;
}

export const ALERT_RULES: readonly AlertRule[] = [
  {
    name: 'PostgreSQLDown',
    severity: 'critical',
    forSeconds: 60,
    value: (reading) => (isAboutConsole(reading) ? null : reading.up ? 1 : 0),
    isActive: (value) => value === 0,
    summary: () => 'PostgreSQL is down',
  },
  {
    name: 'HighConnectionCount',
    severity: 'warning',
    forSeconds: 300,
    value: (reading) => reading.sample?.connections.inDatabase ?? null,
    isActive: (value, t) => value > t.connections,
    summary: (value, t) => `High connection count (${value}, alert above ${t.connections})`,
  },
  {
    name: 'SlowQueries',
    severity: 'warning',
    forSeconds: 300,
    value: (reading) => reading.sample?.slowQueries?.count ?? null,
    isActive: (value, t) => value > t.slowQueries,
    summary: (value, t) => `High number of slow queries (${value}, alert above ${t.slowQueries})`,
  },
  {
    name: 'LowCacheHitRatio',
    severity: 'warning',
    forSeconds: 600,
    // A ratio still warming up (too few blocks since the statistics were reset) is not judged, as on the glance.
    value: (reading, t) => {
      const judged = reading.sample ? judgeCacheHit(reading.sample.cache, t) : null;
      return judged?.kind === 'judged' ? judged.ratio : null;
    },
    isActive: (value, t) => value < t.cacheHitRatio,
    summary: (value, t) =>
      `Cache hit ratio ${(value * 100).toFixed(2)} % is below ${(t.cacheHitRatio * 100).toFixed(0)} %`,
  },
  {
    name: 'ReplicationLagHigh',
    severity: 'warning',
    forSeconds: 300,
    // A standby's own lag, as postgres_exporter's pg_replication_lag_seconds: one alert, on the replica that lags
    // (the primary's view of the same lag is not alerted on a second time). Watch replicas as targets for it.
    value: (reading) => (reading.sample?.recovery?.inRecovery ? reading.sample.recovery.lagSeconds : null),
    isActive: (value, t) => value > t.replicationLagSeconds,
    summary: (value, t) => `Replica replay lag is ${value.toFixed(1)} s (alert above ${t.replicationLagSeconds} s)`,
  },
  {
    // The workload history's judgement (lib/workload/statements/regressions.ts): statements at least twice as slow
    // over the last hour as over the 7 days before. New and vanished ones are listed on Queries, not alerted.
    name: 'QueryRegression',
    severity: 'warning',
    forSeconds: 300,
    value: (reading) => reading.sample?.regressions ?? null,
    isActive: (value) => value > 0,
    summary: (value) =>
      `${value} ${value === 1 ? 'statement' : 'statements'} slower than their 7-day baseline (see Queries)`,
  },
  {
    // The console's own load (issue 18): one process could not sample some of its targets in time. They are "not
    // sampled", never down, so this one warning per process stands for all of them.
    name: 'SamplerBehind',
    severity: 'warning',
    forSeconds: 60,
    value: (reading) => reading.notSampled ?? null,
    isActive: (value) => value > 0,
    summary: (value) =>
      `This console process could not sample ${value} of its ${value === 1 ? 'target' : 'targets'} in time (its own load, not the servers'; see the sampler health panel)`,
  },
];
