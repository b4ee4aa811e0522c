/**
 * History for the charts: time ranges, and points derived from consecutive samples (transactions per second and
 * deadlocks per interval come from differences of pg_stat_database's cumulative counters). Pure.
 */
import { z } from 'zod';
import type { Sample } from '../sampler/sample';

export const HISTORY_RANGES = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
} as const;
export type HistoryRange = keyof typeof HISTORY_RANGES;
export const historyRangeSchema = z.enum(Object.keys(HISTORY_RANGES) as [HistoryRange, ...HistoryRange[]]).catch('1h');

export interface HistoryPoint {
  /** Milliseconds since the epoch. */
  t: number;
  active: number;
  idle: number;
  idleInTransaction: number;
  otherStates: number;
  /** null for the first point and across a statistics reset. */
  tps: number | null;
  cacheHitRatio: number | null;
  databaseSizeBytes: number;
  longRunning: number;
  slowQueries: number | null;
  /** Deadlocks detected since the previous point. */
  deadlocks: number | null;
}

function countState(sample: Sample, predicate: (state: string) => boolean): number {
  return sample.connections.byState.filter((s) => predicate(s.state)).reduce((sum, s) => sum + s.count, 0);
}

export function toHistoryPoints(samples: readonly Sample[]): HistoryPoint[] {
  return samples.map((sample, index) => {
    const previous = index > 0 ? samples[index - 1] : undefined;
    const seconds = previous ? (Date.parse(sample.takenAt) - Date.parse(previous.takenAt)) / 1000 : 0;
    const comparable = previous && seconds > 0 && previous.counters.statsReset === sample.counters.statsReset;
    const transactions = (s: Sample) => s.counters.xactCommit + s.counters.xactRollback;
    const delta = (now: number, before: number) => (now >= before ? now - before : null);
    const tx = comparable ? delta(transactions(sample), transactions(previous)) : null;
    return {
      t: Date.parse(sample.takenAt),
      active: countState(sample, (s) => s === 'active'),
      idle: countState(sample, (s) => s === 'idle'),
      idleInTransaction: countState(sample, (s) => s.startsWith('idle in transaction')),
      otherStates: countState(sample, (s) => s !== 'active' && s !== 'idle' && !s.startsWith('idle in transaction')),
      tps: tx === null ? null : tx / seconds,
      cacheHitRatio: sample.cache.ratio,
      databaseSizeBytes: sample.database.sizeBytes,
      longRunning: sample.longRunning.count,
      slowQueries: sample.slowQueries?.count ?? null,
      deadlocks: comparable ? delta(sample.counters.deadlocks, previous.counters.deadlocks) : null,
    };
  });
}
