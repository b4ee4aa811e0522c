/**
 * Cumulative counters of this database from pg_stat_database: the sampler turns their differences into
 * transactions per second and deadlocks per interval, and /api/metrics exposes them under postgres_exporter's
 * pg_stat_database_* names.
 */
import 'server-only';
import { queryOne } from './client';

/** What the history charts use. */
interface CoreCounters {
  xactCommit: number;
  xactRollback: number;
  deadlocks: number;
  /** When the counters were last reset; deltas across a reset are meaningless. */
  statsReset: string | null;
}

/** The rest of pg_stat_database, for /api/metrics. */
export interface MoreCounters {
  numbackends: number;
  blksRead: number;
  blksHit: number;
  tupReturned: number;
  tupFetched: number;
  tupInserted: number;
  tupUpdated: number;
  tupDeleted: number;
  conflicts: number;
  tempFiles: number;
  tempBytes: number;
}

/** Samples taken before MoreCounters were recorded lack them; new samples always have them. */
export type DatabaseCounters = CoreCounters & Partial<MoreCounters>;

export async function getDatabaseCounters(): Promise<DatabaseCounters> {
  return queryOne<DatabaseCounters>(`
    SELECT
      numbackends::float8 AS "numbackends",
      xact_commit::float8 AS "xactCommit",
      xact_rollback::float8 AS "xactRollback",
      blks_read::float8 AS "blksRead",
      blks_hit::float8 AS "blksHit",
      tup_returned::float8 AS "tupReturned",
      tup_fetched::float8 AS "tupFetched",
      tup_inserted::float8 AS "tupInserted",
      tup_updated::float8 AS "tupUpdated",
      tup_deleted::float8 AS "tupDeleted",
      conflicts::float8 AS "conflicts",
      temp_files::float8 AS "tempFiles",
      temp_bytes::float8 AS "tempBytes",
      deadlocks::float8 AS "deadlocks",
      stats_reset::text AS "statsReset"
    FROM pg_stat_database
    WHERE datname = current_database()
  `);
}
