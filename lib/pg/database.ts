/**
 * Cumulative counters of this database from pg_stat_database: the sampler turns their differences into
 * transactions per second and deadlocks per interval.
 */
import 'server-only';
import { queryOne } from './client';

export interface DatabaseCounters {
  xactCommit: number;
  xactRollback: number;
  deadlocks: number;
  /** When the counters were last reset; deltas across a reset are meaningless. */
  statsReset: string | null;
}

export async function getDatabaseCounters(): Promise<DatabaseCounters> {
  return queryOne<DatabaseCounters>(`
    SELECT
      xact_commit::float8 AS "xactCommit",
      xact_rollback::float8 AS "xactRollback",
      deadlocks::float8 AS "deadlocks",
      stats_reset::text AS "statsReset"
    FROM pg_stat_database
    WHERE datname = current_database()
  `);
}
