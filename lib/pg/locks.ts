/**
 * Who blocks whom. pg_blocking_pids() (PostgreSQL 9.6+) gives the blocking pids of each waiting backend; the lock
 * it waits for (mode and relation) comes from its ungranted row in pg_locks.
 */
import 'server-only';
import { query } from './client';

export interface BlockingPair {
  blockedPid: number;
  blockingPid: number;
  /** The mode the blocked session asked for, e.g. AccessExclusiveLock. */
  lockMode: string | null;
  lockType: string | null;
  relation: string | null;
  waitingSeconds: number;
  blockedQuery: string;
  blockingQuery: string;
  blockingState: string | null;
}

export async function findBlockingPairs(): Promise<BlockingPair[]> {
  return query<BlockingPair>(`
    SELECT
      blocked.pid AS "blockedPid",
      blocking.pid AS "blockingPid",
      wanted.mode AS "lockMode",
      wanted.locktype AS "lockType",
      wanted.relation::regclass::text AS "relation",
      extract(epoch FROM now() - coalesce(blocked.query_start, blocked.state_change))::float8 AS "waitingSeconds",
      blocked.query AS "blockedQuery",
      blocking.query AS "blockingQuery",
      blocking.state AS "blockingState"
    FROM pg_stat_activity AS blocked
    CROSS JOIN LATERAL unnest(pg_blocking_pids(blocked.pid)) AS blocker(pid)
    JOIN pg_stat_activity AS blocking ON blocking.pid = blocker.pid
    LEFT JOIN LATERAL (
      SELECT mode, locktype, relation
      FROM pg_locks
      WHERE pid = blocked.pid AND NOT granted
      LIMIT 1
    ) AS wanted ON true
    ORDER BY "waitingSeconds" DESC, blocked.pid, blocking.pid
  `);
}
