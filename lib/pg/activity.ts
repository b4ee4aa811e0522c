/**
 * Sessions and connections, from pg_stat_activity (the guide's "Monitoring" section: active connections, the
 * breakdown by state, long-running queries) and what PgHero and pgAdmin add: by user, application and client,
 * idle-in-transaction sessions, wait events, and signalling a backend.
 * Other sessions' query text and state are visible only to superusers and members of pg_monitor / pg_read_all_stats.
 */
import 'server-only';
import { z } from 'zod';
import { CONSOLE_APPLICATION_NAME, getServerVersionNum, query, queryOne } from './client';
import { bool, float, int, text } from './rows';

const connectionsByStateRow = z.object({
  /** pg_stat_activity.state; "unknown" where it is NULL (sessions whose state we may not see). */
  state: text,
  count: int,
});
export type ConnectionsByState = z.output<typeof connectionsByStateRow>;

export interface ConnectionSummary {
  /** The guide's "Active connections": every session connected to this database. */
  inDatabase: number;
  /** Sessions in this database currently running a statement (state = 'active'). */
  activeInDatabase: number;
  /** Client connections to the whole server: what max_connections limits. */
  onServer: number;
  byState: ConnectionsByState[];
}

export async function getConnectionsByState(): Promise<ConnectionsByState[]> {
  return query(
    connectionsByStateRow,
    `
    SELECT
      coalesce(state, 'unknown') AS state,
      count(*) AS count
    FROM pg_stat_activity
    WHERE datname = current_database()
    GROUP BY 1
    ORDER BY 2 DESC, 1
  `,
  );
}

export async function getConnectionSummary(): Promise<ConnectionSummary> {
  const [totals, byState] = await Promise.all([
    queryOne(
      z.object({ in_database: int, active_in_database: int, on_server: int }),
      `
      SELECT
        count(*) FILTER (WHERE datname = current_database()) AS in_database,
        count(*) FILTER (WHERE datname = current_database() AND state = 'active') AS active_in_database,
        count(*) FILTER (WHERE backend_type = 'client backend') AS on_server
      FROM pg_stat_activity
    `,
    ),
    getConnectionsByState(),
  ]);
  return {
    inDatabase: totals.in_database,
    activeInDatabase: totals.active_in_database,
    onServer: totals.on_server,
    byState,
  };
}

/** The groupings offered on the Activity page; the column names come only from this registry. */
export const CONNECTION_GROUPINGS = {
  user: 'usename',
  application: 'application_name',
  client: 'host(client_addr)',
} as const;
export type ConnectionGrouping = keyof typeof CONNECTION_GROUPINGS;

const connectionGroupRow = z.object({ key: text, total: int, active: int, idle: int, idleInTransaction: int });
export type ConnectionGroup = z.output<typeof connectionGroupRow>;

export async function getConnectionsGroupedBy(grouping: ConnectionGrouping): Promise<ConnectionGroup[]> {
  const column = CONNECTION_GROUPINGS[grouping];
  return query(
    connectionGroupRow,
    `
    SELECT
      coalesce(nullif(${column}::text, ''), '(none)') AS "key",
      count(*) AS "total",
      count(*) FILTER (WHERE state = 'active') AS "active",
      count(*) FILTER (WHERE state = 'idle') AS "idle",
      count(*) FILTER (WHERE state LIKE 'idle in transaction%') AS "idleInTransaction"
    FROM pg_stat_activity
    WHERE backend_type = 'client backend'
    GROUP BY 1
    ORDER BY 2 DESC, 1
  `,
  );
}

export interface ConnectionHeadroom {
  maxConnections: number;
  superuserReserved: number;
  /** Connection slots ordinary roles may use: max_connections − superuser_reserved_connections. */
  usable: number;
  used: number;
  free: number;
}

export async function getConnectionHeadroom(): Promise<ConnectionHeadroom> {
  const row = await queryOne(
    z.object({ max_connections: int, reserved: int, used: int }),
    `
    SELECT
      current_setting('max_connections') AS max_connections,
      current_setting('superuser_reserved_connections') AS reserved,
      (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') AS used
  `,
  );
  const usable = row.max_connections - row.reserved;
  return {
    maxConnections: row.max_connections,
    superuserReserved: row.reserved,
    usable,
    used: row.used,
    free: usable - row.used,
  };
}

const sessionRow = z.object({
  pid: int,
  user: text.nullable(),
  application: text,
  client: text.nullable(),
  state: text.nullable(),
  waitEventType: text.nullable(),
  waitEvent: text.nullable(),
  durationSeconds: float,
  query: text,
});
export type SessionRow = z.output<typeof sessionRow>;

const SESSION_COLUMNS = `
      pid,
      usename AS "user",
      application_name AS "application",
      host(client_addr) AS "client",
      state,
      wait_event_type AS "waitEventType",
      wait_event AS "waitEvent",
      query`;

/**
 * The guide's long-running query — active, and running for longer than the threshold (default 30 s) — of client
 * sessions only. The guide's SQL reads every backend: an autovacuum worker reports itself active for as long as it
 * vacuums (routinely minutes on a large table, which would turn the glance red and page on-call), and a parallel
 * query's workers would each count as one more long-running query. Neither can be cancelled from here
 * (sendBackendSignal signals client sessions only).
 */
const LONG_RUNNING_SESSION = `backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()`;

/** Client sessions whose current query has run longer than `thresholdSeconds`, longest first. */
export async function findLongRunningQueries(thresholdSeconds: number): Promise<SessionRow[]> {
  return query(
    sessionRow,
    `
    SELECT ${SESSION_COLUMNS},
      extract(epoch FROM now() - query_start) AS "durationSeconds"
    FROM pg_stat_activity
    WHERE ${LONG_RUNNING_SESSION}
      AND now() - query_start > make_interval(secs => $1)
    ORDER BY "durationSeconds" DESC
  `,
    [thresholdSeconds],
  );
}

/** Sessions holding a transaction open while doing nothing: they hold locks and stop vacuum from cleaning up. */
export async function findIdleInTransaction(): Promise<SessionRow[]> {
  return query(
    sessionRow,
    `
    SELECT ${SESSION_COLUMNS},
      extract(epoch FROM now() - state_change) AS "durationSeconds"
    FROM pg_stat_activity
    WHERE state LIKE 'idle in transaction%'
    ORDER BY "durationSeconds" DESC
  `,
  );
}

const serverActivityRow = z.object({
  onServer: int,
  longRunning: int,
  longestSeconds: float.nullable(),
  idleInTransaction: int,
  blockedSessions: int,
  byDatabase: z.array(z.object({ database: text, byState: z.array(connectionsByStateRow) })),
});

/** One read of a server's sessions: the server-wide counts, and each database's sessions by state. */
export interface ServerActivity {
  /** Client connections to the whole server. */
  onServer: number;
  /** Sessions findLongRunningQueries would list, and the longest one's duration. */
  longRunning: { count: number; longestSeconds: number | null };
  /** Sessions findIdleInTransaction would list. */
  idleInTransaction: number;
  /** Sessions waiting for a lock another session holds: the distinct blocked pids of findBlockingPairs. */
  blockedSessions: number;
  /** Every backend connected to a database (of any type, as pg_stat_activity lists them), by state, most first. */
  byDatabase: { database: string; byState: ConnectionsByState[] }[];
}

/** The sampler's view of the sessions: what the glance counts, without the rows behind the counts. */
export interface ActivityGlance {
  connections: ConnectionSummary;
  longRunning: ServerActivity['longRunning'];
  idleInTransaction: number;
  blockedSessions: number;
}

/**
 * getConnectionSummary, findLongRunningQueries, findIdleInTransaction and findBlockingPairs reduced to the counts a
 * sample keeps, for every database of the server in one statement: one read of the sessions instead of five, all
 * figures of the same moment — from pg_stat_get_activity(NULL), the function behind pg_stat_activity, without the
 * view's joins. Its cost grows with the server's sessions (bench/sample-cost.ts: 1.9 ms at 50 databases, 6.7 ms at
 * 250), so the watched databases of one server share one read (lib/sampler/shared-reads.ts) and each takes its own
 * figures from it (activityGlanceOf).
 * pg_blocking_pids takes every lock-manager partition lock (PostgreSQL docs, "System Information Functions": "frequent
 * calls to this function could have some impact on database performance"), so it is asked only of the sessions
 * waiting on a lock (wait_event_type 'Lock', the only ones it can name a blocker for) — not of each of a thousand
 * idle ones every round. The CASE makes that order certain; an AND would leave it to the executor.
 */
export async function getServerActivity(longRunningSeconds: number): Promise<ServerActivity> {
  const row = await queryOne(
    serverActivityRow,
    `
    WITH activity AS MATERIALIZED (
      SELECT pid, datid, state, backend_type, wait_event_type, query_start,
        ${LONG_RUNNING_SESSION} AND now() - query_start > make_interval(secs => $1) AS long_running
      FROM pg_stat_get_activity(NULL)
    )
    SELECT
      count(*) FILTER (WHERE backend_type = 'client backend') AS "onServer",
      count(*) FILTER (WHERE long_running) AS "longRunning",
      max(extract(epoch FROM now() - query_start)) FILTER (WHERE long_running) AS "longestSeconds",
      count(*) FILTER (WHERE state LIKE 'idle in transaction%') AS "idleInTransaction",
      count(*) FILTER (
        WHERE CASE WHEN wait_event_type = 'Lock' THEN cardinality(pg_blocking_pids(pid)) > 0 ELSE false END
      ) AS "blockedSessions",
      (
        SELECT coalesce(json_agg(json_build_object('database', datname, 'byState', states)), '[]')
        FROM (
          SELECT d.datname, json_agg(json_build_object('state', s.state, 'count', s.count) ORDER BY s.count DESC, s.state) AS states
          FROM (SELECT datid, coalesce(state, 'unknown') AS state, count(*) AS count FROM activity GROUP BY 1, 2) AS s
          JOIN pg_database AS d ON d.oid = s.datid
          GROUP BY d.datname
        ) AS per_database
      ) AS "byDatabase"
    FROM activity
  `,
    [longRunningSeconds],
  );
  return {
    onServer: row.onServer,
    longRunning: { count: row.longRunning, longestSeconds: row.longestSeconds },
    idleInTransaction: row.idleInTransaction,
    blockedSessions: row.blockedSessions,
    byDatabase: row.byDatabase,
  };
}

/** One database's glance from a read of its server's sessions (getServerActivity). */
export function activityGlanceOf(server: ServerActivity, database: string): ActivityGlance {
  const byState = server.byDatabase.find((entry) => entry.database === database)?.byState ?? [];
  return {
    connections: {
      inDatabase: byState.reduce((sum, entry) => sum + entry.count, 0),
      activeInDatabase: byState.find((entry) => entry.state === 'active')?.count ?? 0,
      onServer: server.onServer,
      byState,
    },
    longRunning: server.longRunning,
    idleInTransaction: server.idleInTransaction,
    blockedSessions: server.blockedSessions,
  };
}

const waitEventCountRow = z.object({ waitEventType: text, waitEvent: text, count: int });
export type WaitEventCount = z.output<typeof waitEventCountRow>;

/** What active sessions are waiting on right now (PostgreSQL docs, "Wait Event" tables). */
export async function getWaitEventSummary(): Promise<WaitEventCount[]> {
  return query(
    waitEventCountRow,
    `
    SELECT
      wait_event_type AS "waitEventType",
      wait_event AS "waitEvent",
      count(*) AS "count"
    FROM pg_stat_activity
    WHERE state = 'active'
      AND wait_event IS NOT NULL
      AND pid <> pg_backend_pid()
    GROUP BY 1, 2
    ORDER BY 3 DESC, 1, 2
  `,
  );
}

const activeSessionGroupRow = z.object({
  /** wait_event_type, or 'CPU' where it is NULL: the session is running, not waiting. */
  waitClass: text,
  waitEvent: text.nullable(),
  state: text,
  /** pg_stat_activity.query_id as text (int8): PostgreSQL 14+ with compute_query_id on; null otherwise. */
  queryId: text.nullable(),
  user: text.nullable(),
  application: text.nullable(),
  sessions: int,
});
export type ActiveSessionGroup = z.output<typeof activeSessionGroupRow>;

/** pg_stat_activity.query_id appeared in PostgreSQL 14. */
const QUERY_ID_SINCE = 140000;

/**
 * One sample of active session history: the client sessions running a statement (active, or in a fast-path call —
 * not idle, and not idle in a transaction, which waits on its client rather than on the database), counted by what
 * they wait on, their state,
 * statement, user and application — one scan of pg_stat_activity, grouped on the server so the answer stays a few
 * rows at any number of connections (bench/activity-sample.ts). The console's own sessions are left out: its
 * sampling would otherwise show up in every sample. Other roles' state and wait events are visible only with
 * pg_read_all_stats (pg_monitor); the sessions we cannot see have a NULL state and are not counted.
 */
export async function sampleActiveSessions(): Promise<ActiveSessionGroup[]> {
  const queryId = (await getServerVersionNum()) >= QUERY_ID_SINCE ? 'query_id::text' : 'NULL::text';
  return query(
    activeSessionGroupRow,
    `
    SELECT
      coalesce(wait_event_type, 'CPU') AS "waitClass",
      wait_event AS "waitEvent",
      state,
      ${queryId} AS "queryId",
      usename AS "user",
      application_name AS "application",
      count(*) AS "sessions"
    FROM pg_stat_activity
    WHERE backend_type = 'client backend'
      AND state IN ('active', 'fastpath function call')
      AND NOT starts_with(coalesce(application_name, ''), $1)
    GROUP BY 1, 2, 3, 4, 5, 6
  `,
    [CONSOLE_APPLICATION_NAME],
  );
}

export type BackendSignal = 'cancel' | 'terminate';

/**
 * pg_cancel_backend stops the current statement; pg_terminate_backend ends the session. Only a client session of
 * the watched database may be signalled: not a walsender or another background process, not a session of another
 * database, and not one of the console's own (its sampler's lock, its backups' pg_dump and pg_restore, its pools —
 * all named CONSOLE_APPLICATION_NAME… and connected as the console's role: anyone may choose an application_name,
 * so the name alone would let any database user make a session the operators cannot stop). The check and the signal are one statement, so the pid cannot change in
 * between. Returns whether the server delivered the signal, and the session it went to; null when no such
 * session exists (gone, or not one that may be signalled). Non-superusers may signal only sessions of their own
 * role, or any non-superuser session with pg_signal_backend.
 */
export async function sendBackendSignal(
  pid: number,
  signal: BackendSignal,
): Promise<{ delivered: boolean; session: SessionRow } | null> {
  const fn = signal === 'cancel' ? 'pg_cancel_backend' : 'pg_terminate_backend';
  const [row] = await query(
    sessionRow.extend({ delivered: bool }),
    `SELECT ${SESSION_COLUMNS}, coalesce(extract(epoch FROM now() - query_start), 0) AS "durationSeconds", ${fn}(pid) AS delivered
     FROM pg_stat_activity
     WHERE pid = $1
       AND backend_type = 'client backend'
       AND datname = current_database()
       AND NOT (usename = session_user AND starts_with(coalesce(application_name, ''), $2))`,
    [pid, CONSOLE_APPLICATION_NAME],
  );
  if (!row) return null;
  const { delivered, ...session } = row;
  return { delivered, session };
}
