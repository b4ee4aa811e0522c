/**
 * Cumulative counters of this database from pg_stat_database: the sampler turns their differences into
 * transactions per second and deadlocks per interval, and /api/metrics exposes them under postgres_exporter's
 * pg_stat_database_* names.
 */
import 'server-only';
import { z } from 'zod';
import { queryOne } from './client';
import { float, text } from './rows';

const countersRow = z.object({
  numbackends: float,
  xactCommit: float,
  xactRollback: float,
  blksRead: float,
  blksHit: float,
  tupReturned: float,
  tupFetched: float,
  tupInserted: float,
  tupUpdated: float,
  tupDeleted: float,
  conflicts: float,
  tempFiles: float,
  tempBytes: float,
  deadlocks: float,
  /**
   * When the counters were last reset, as the server's text: deltas across a reset are meaningless, so samples
   * compare it as a token (it is stored in sample JSON, where a Date would come back as a string).
   */
  statsReset: text.nullable(),
});

/** What the history charts use. */
type CoreCounters = Pick<z.output<typeof countersRow>, 'xactCommit' | 'xactRollback' | 'deadlocks' | 'statsReset'>;

/** The rest of pg_stat_database, for /api/metrics. */
export type MoreCounters = Omit<z.output<typeof countersRow>, keyof CoreCounters>;

/** Samples taken before MoreCounters were recorded lack them; new samples always have them. */
export type DatabaseCounters = CoreCounters & Partial<MoreCounters>;

export async function getDatabaseCounters(): Promise<DatabaseCounters> {
  return queryOne(
    countersRow,
    `
    SELECT
      numbackends AS "numbackends",
      xact_commit AS "xactCommit",
      xact_rollback AS "xactRollback",
      blks_read AS "blksRead",
      blks_hit AS "blksHit",
      tup_returned AS "tupReturned",
      tup_fetched AS "tupFetched",
      tup_inserted AS "tupInserted",
      tup_updated AS "tupUpdated",
      tup_deleted AS "tupDeleted",
      conflicts AS "conflicts",
      temp_files AS "tempFiles",
      temp_bytes AS "tempBytes",
      deadlocks AS "deadlocks",
      stats_reset::text AS "statsReset"
    FROM pg_stat_database
    WHERE datname = current_database()
  `,
  );
}
