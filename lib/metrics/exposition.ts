/**
 * Prometheus text exposition (format 0.0.4) of the sampler's latest figures, under postgres_exporter's metric
 * names and labels wherever it has the metric (pg_up, pg_stat_activity_count{datname,state},
 * pg_database_size_bytes{datname}, pg_stat_database_*{datname}, pg_locks_count{datname,mode},
 * pg_settings_max_connections), plus pg_slow_queries (used by the guide's SlowQueries rule), the replication lag
 * and cache-hit figures. Every series carries a `target` label naming the watched server; the console's own
 * halcytone_sampler_* gauges carry a `process` label naming the console process instead. Pure: no SQL here.
 */
import type { SamplerProcessStats } from '../sampler/process-stats';
import type { Sample } from '../sampler/sample';

export interface TargetSnapshot {
  /** The label value naming the server, e.g. "primary". */
  target: string;
  /**
   * The console's last judgement: false only once it is down (TARGET_DOWN_AFTER_FAILURES failed attempts in a row);
   * a target the console could not sample lately keeps its last judgement.
   */
  up: boolean;
  /** The newest sample while it is current; null before the first, or when down or not sampled lately. */
  sample: Sample | null;
}

/** One console process that sampled lately, as console.sampler_process holds it. */
export interface ProcessSnapshot {
  memberId: number;
  host: string;
  pid: number;
  stats: SamplerProcessStats;
}

type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'untyped';
  series: { labels: Labels; value: number }[];
}

/** Label values escaped as the exposition format requires (backslash, double quote, newline). */
function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([key, value]) => `${key}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * The pg_stat_database columns postgres_exporter exposes, by our sample's field names. Its cumulative ones keep
 * its names (so dashboards and rules written for it work) but are typed `untyped`: the exposition lint
 * (`promtool check metrics`) requires a counter's name to end in _total, which the exporter's names do not.
 * rate() and increase() work on them all the same.
 */
const DATABASE_COUNTERS = [
  ['numbackends', 'numbackends', 'gauge', 'Number of backends currently connected to this database'],
  ['xact_commit', 'xactCommit', 'untyped', 'Number of transactions in this database that have been committed'],
  ['xact_rollback', 'xactRollback', 'untyped', 'Number of transactions in this database that have been rolled back'],
  ['blks_read', 'blksRead', 'untyped', 'Number of disk blocks read in this database'],
  ['blks_hit', 'blksHit', 'untyped', 'Number of times disk blocks were found already in the buffer cache'],
  ['tup_returned', 'tupReturned', 'untyped', 'Number of rows returned by queries in this database'],
  ['tup_fetched', 'tupFetched', 'untyped', 'Number of rows fetched by queries in this database'],
  ['tup_inserted', 'tupInserted', 'untyped', 'Number of rows inserted by queries in this database'],
  ['tup_updated', 'tupUpdated', 'untyped', 'Number of rows updated by queries in this database'],
  ['tup_deleted', 'tupDeleted', 'untyped', 'Number of rows deleted by queries in this database'],
  ['conflicts', 'conflicts', 'untyped', 'Number of queries canceled due to conflicts with recovery in this database'],
  ['temp_files', 'tempFiles', 'untyped', 'Number of temporary files created by queries in this database'],
  ['temp_bytes', 'tempBytes', 'untyped', 'Total amount of data written to temporary files by queries in this database'],
  ['deadlocks', 'deadlocks', 'untyped', 'Number of deadlocks detected in this database'],
] as const;

function families(snapshots: readonly TargetSnapshot[]): Family[] {
  const family = (name: string, type: Family['type'], help: string): Family => ({ name, help, type, series: [] });
  const up = family('pg_up', 'gauge', 'Whether the last sampling round reached the server (1) or not (0)');
  const activity = family('pg_stat_activity_count', 'gauge', 'Number of connections to the database in this state');
  const size = family('pg_database_size_bytes', 'gauge', 'Disk space used by the database');
  const counters = DATABASE_COUNTERS.map(([column, , type, help]) => family(`pg_stat_database_${column}`, type, help));
  const locks = family('pg_locks_count', 'gauge', 'Number of locks in the database by mode');
  const maxConnections = family('pg_settings_max_connections', 'gauge', 'Server Parameter: max_connections');
  const slow = family(
    'pg_slow_queries',
    'gauge',
    'Statements whose mean time exceeds the slow-query threshold (pg_stat_statements)',
  );
  const lag = family(
    'pg_replication_lag_seconds',
    'gauge',
    "Replication lag behind the primary in seconds (postgres_exporter's query; 0 on a primary)",
  );
  const replayLag = family(
    'pg_replication_max_replay_lag_seconds',
    'gauge',
    "A primary's view: the largest replay lag among its streaming replicas (pg_stat_replication)",
  );
  const recovery = family('pg_is_in_recovery', 'gauge', 'Whether the server is a standby (1) or a primary (0)');
  const replicas = family('pg_replication_replicas', 'gauge', 'Number of streaming replicas connected to the server');
  const cacheRatio = family(
    'pg_cache_hit_ratio',
    'gauge',
    'Share of table blocks found in shared buffers (the guide: healthy above 0.99)',
  );
  // Cumulative, but named and typed like the pg_stat_database_* counters (see DATABASE_COUNTERS).
  const cacheBlocks = family(
    'pg_cache_heap_blocks_accessed',
    'untyped',
    'Table blocks hit or read since the statistics were reset (the ratio is warming up below ALERT_CACHE_HIT_MIN_BLOCKS)',
  );
  const regressions = family(
    'halcytone_query_regressions',
    'gauge',
    'Statements whose mean time over the last hour is at least twice their 7-day baseline (workload history)',
  );
  const sampleTime = family('halcytone_sample_timestamp_seconds', 'gauge', 'When the figures were sampled (Unix time)');

  for (const { target, up: isUp, sample } of snapshots) {
    up.series.push({ labels: { target }, value: isUp ? 1 : 0 });
    // As postgres_exporter: a server that is down has pg_up 0 and nothing else, never its last figures.
    if (!sample || !isUp) continue;
    const datname = sample.database.name;
    const db = { target, datname };
    for (const row of sample.connections.byState)
      activity.series.push({ labels: { ...db, state: row.state }, value: row.count });
    size.series.push({ labels: db, value: sample.database.sizeBytes });
    DATABASE_COUNTERS.forEach(([, field], index) => {
      const value = sample.counters[field];
      if (value !== undefined) counters[index].series.push({ labels: db, value });
    });
    for (const [mode, count] of Object.entries(sample.locks ?? {}))
      locks.series.push({ labels: { ...db, mode }, value: count });
    maxConnections.series.push({ labels: { target }, value: sample.server.maxConnections });
    if (sample.slowQueries) slow.series.push({ labels: db, value: sample.slowQueries.count });
    if (sample.regressions !== undefined) regressions.series.push({ labels: db, value: sample.regressions });
    replicas.series.push({ labels: { target }, value: sample.replication.replicas });
    if (sample.recovery) {
      const standbyLag = sample.recovery.inRecovery ? sample.recovery.lagSeconds : 0;
      if (standbyLag !== null) lag.series.push({ labels: { target }, value: standbyLag });
    }
    if (sample.replication.maxLagSeconds !== null)
      replayLag.series.push({ labels: { target }, value: sample.replication.maxLagSeconds });
    if (sample.recovery) recovery.series.push({ labels: { target }, value: sample.recovery.inRecovery ? 1 : 0 });
    if (sample.cache.ratio !== null) cacheRatio.series.push({ labels: db, value: sample.cache.ratio });
    cacheBlocks.series.push({ labels: db, value: sample.cache.heapHit + sample.cache.heapRead });
    sampleTime.series.push({ labels: { target }, value: Date.parse(sample.takenAt) / 1000 });
  }
  return [
    up,
    activity,
    size,
    ...counters,
    locks,
    maxConnections,
    slow,
    regressions,
    replicas,
    lag,
    replayLag,
    recovery,
    cacheRatio,
    cacheBlocks,
    sampleTime,
  ];
}

/** Each console process's sampling figures (lib/sampler/process-stats.ts), labelled with its member id. */
const PROCESS_GAUGES: readonly [string, string, (stats: ProcessSnapshot['stats']) => number | undefined][] = [
  [
    'round_seconds',
    "Time the last round's attempts take back to back at the process's concurrency (at the interval, it cannot keep up)",
    (s) => s.roundSeconds,
  ],
  ['targets', 'Targets this process owns (its share of the fleet)', (s) => s.targets],
  ['targets_sampled', 'Attempts finished in the last round, answered or failed', (s) => s.sampled],
  ['targets_failed', 'Attempts that failed in the last round with evidence about the target', (s) => s.failed],
  ['targets_late', 'Attempts started more than a quarter interval after their due time', (s) => s.late],
  [
    'targets_not_sampled',
    'Targets this process could not sample in time in the last round (its own load; pg_up keeps their last judgement)',
    (s) => s.notSampled,
  ],
  ['connections', 'Sampling connections this process holds open', (s) => s.connectionsHeld],
  [
    'collector_connections',
    "The workload collector's connections this process holds open, one per target it visits",
    (s) => s.collectorConnectionsHeld,
  ],
  [
    'connection_budget',
    'Sampling connections this process may hold (SAMPLER_CONNECTION_BUDGET)',
    (s) => s.connectionBudget,
  ],
  ['concurrency', 'Targets this process samples at once (SAMPLER_CONCURRENCY)', (s) => s.concurrency],
  [
    'event_loop_delay_seconds',
    'Worst event-loop delay of this process in the last round',
    (s) => s.eventLoopDelayMs / 1000,
  ],
  ['cpu_ratio', 'CPU this process used over the last round, as a share of one core', (s) => s.cpuPercent / 100],
];

function processFamilies(processes: readonly ProcessSnapshot[]): Family[] {
  return PROCESS_GAUGES.map(([suffix, help, value]) => ({
    name: `halcytone_sampler_${suffix}`,
    help,
    type: 'gauge',
    // A figure a process did not report (an older console's row) is left out, not exported as zero.
    series: processes.flatMap((row) => {
      const figure = value(row.stats);
      if (figure === undefined) return [];
      return [{ labels: { process: String(row.memberId), host: row.host, pid: String(row.pid) }, value: figure }];
    }),
  }));
}

export function renderExposition(
  snapshots: readonly TargetSnapshot[],
  processes: readonly ProcessSnapshot[] = [],
): string {
  const lines: string[] = [];
  for (const { name, help, type, series } of [...families(snapshots), ...processFamilies(processes)]) {
    if (series.length === 0) continue;
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const { labels, value } of series) lines.push(`${name}${labelText(labels)} ${numberText(value)}`);
  }
  return `${lines.join('\n')}\n`;
}
