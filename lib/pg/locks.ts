/**
 * Who blocks whom. pg_blocking_pids() (PostgreSQL 9.6+) gives the blocking pids of each waiting backend; the lock
 * it waits for (mode and relation) comes from its ungranted row in pg_locks — for a row, the table from the tuple lock.
 */
import 'server-only';
import { z } from 'zod';
import { query } from './client';
import { float, int, text, timestamp } from './rows';

const blockingPairRow = z.object({
  blockedPid: int,
  blockingPid: int,
  /** The mode the blocked session asked for, e.g. AccessExclusiveLock. */
  lockMode: text.nullable(),
  lockType: text.nullable(),
  relation: text.nullable(),
  waitingSeconds: float,
  blockedQuery: text,
  blockingQuery: text,
  blockingState: text.nullable(),
  blockedUser: text.nullable(),
  blockingUser: text.nullable(),
  /** The blocking session's backend_start: with its pid, it names the session (pids are reused). */
  blockingStartedAt: timestamp.nullable(),
});
export type BlockingPair = z.output<typeof blockingPairRow>;

export async function findBlockingPairs(): Promise<BlockingPair[]> {
  return query(
    blockingPairRow,
    `
    SELECT
      blocked.pid AS "blockedPid",
      blocking.pid AS "blockingPid",
      wanted.mode AS "lockMode",
      wanted.locktype AS "lockType",
      coalesce(wanted.relation, row_lock.relation)::regclass::text AS "relation",
      extract(epoch FROM now() - coalesce(blocked.query_start, blocked.state_change)) AS "waitingSeconds",
      blocked.query AS "blockedQuery",
      blocking.query AS "blockingQuery",
      blocking.state AS "blockingState",
      blocked.usename AS "blockedUser",
      blocking.usename AS "blockingUser",
      blocking.backend_start AS "blockingStartedAt"
    FROM pg_stat_activity AS blocked
    CROSS JOIN LATERAL unnest(pg_blocking_pids(blocked.pid)) AS blocker(pid)
    JOIN pg_stat_activity AS blocking ON blocking.pid = blocker.pid
    LEFT JOIN LATERAL (
      SELECT mode, locktype, relation
      FROM pg_locks
      WHERE pid = blocked.pid AND NOT granted
      LIMIT 1
    ) AS wanted ON true
    -- A wait for a row is a wait for the holder's transaction ID, which names no table: the tuple lock the first
    -- waiter holds on the row (the lock manager's protocol, src/backend/access/heap/README.tuplock) does.
    LEFT JOIN LATERAL (
      SELECT relation
      FROM pg_locks
      WHERE pid = blocked.pid AND locktype = 'tuple' AND granted
      LIMIT 1
    ) AS row_lock ON wanted.locktype = 'transactionid'
    -- Only a session waiting on a lock can have a blocker, and pg_blocking_pids takes every lock-manager partition
    -- lock: asking it of each idle session of a busy server would cost more than the answer.
    WHERE blocked.wait_event_type = 'Lock'
    ORDER BY "waitingSeconds" DESC, blocked.pid, blocking.pid
  `,
  );
}

/** The lock modes postgres_exporter reports (pg_locks_count{mode}), each present even at zero. */
export const LOCK_MODES = [
  'accesssharelock',
  'rowsharelock',
  'rowexclusivelock',
  'shareupdateexclusivelock',
  'sharelock',
  'sharerowexclusivelock',
  'exclusivelock',
  'accessexclusivelock',
  'sireadlock',
] as const;

/** Locks held or awaited in this database, by mode (lower-cased, as postgres_exporter labels them). */
export async function countLocksByMode(): Promise<Record<string, number>> {
  const rows = await query(
    z.object({ mode: text, count: int }),
    `
    SELECT lower(l.mode) AS mode, count(*) AS count
    FROM pg_locks l JOIN pg_database d ON d.oid = l.database
    WHERE d.datname = current_database()
    GROUP BY 1
  `,
  );
  const counts: Record<string, number> = Object.fromEntries(LOCK_MODES.map((mode) => [mode, 0]));
  for (const row of rows) counts[row.mode] = row.count;
  return counts;
}
