/**
 * Sessions and connections, from pg_stat_activity (the guide's "Monitoring" section: active connections, the
 * breakdown by state, long-running queries) and what PgHero and pgAdmin add: by user, application and client,
 * idle-in-transaction sessions, wait events, and signalling a backend.
 * Other sessions' query text and state are visible only to superusers and members of pg_monitor / pg_read_all_stats.
 */
import 'server-only';
import { query, queryOne } from './client';

export interface ConnectionsByState {
  /** pg_stat_activity.state; "unknown" where it is NULL (sessions whose state we may not see). */
  state: string;
  count: number;
}

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
  return query<ConnectionsByState>(`
    SELECT
      coalesce(state, 'unknown') AS state,
      count(*)::int AS count
    FROM pg_stat_activity
    WHERE datname = current_database()
    GROUP BY 1
    ORDER BY 2 DESC, 1
  `);
}

export async function getConnectionSummary(): Promise<ConnectionSummary> {
  const [totals, byState] = await Promise.all([
    queryOne<{ in_database: number; active_in_database: number; on_server: number }>(`
      SELECT
        count(*) FILTER (WHERE datname = current_database())::int AS in_database,
        count(*) FILTER (WHERE datname = current_database() AND state = 'active')::int AS active_in_database,
        count(*) FILTER (WHERE backend_type = 'client backend')::int AS on_server
      FROM pg_stat_activity
    `),
    getConnectionsByState(),
  ]);
  return { inDatabase: totals.in_database, activeInDatabase: totals.active_in_database, onServer: totals.on_server, byState };
}

/** The groupings offered on the Activity page; the column names come only from this registry. */
export const CONNECTION_GROUPINGS = {
  user: 'usename',
  application: 'application_name',
  client: 'host(client_addr)',
} as const;
export type ConnectionGrouping = keyof typeof CONNECTION_GROUPINGS;

export interface ConnectionGroup {
  key: string;
  total: number;
  active: number;
  idle: number;
  idleInTransaction: number;
}

export async function getConnectionsGroupedBy(grouping: ConnectionGrouping): Promise<ConnectionGroup[]> {
  const column = CONNECTION_GROUPINGS[grouping];
  return query<ConnectionGroup>(`
    SELECT
      coalesce(nullif(${column}::text, ''), '(none)') AS "key",
      count(*)::int AS "total",
      count(*) FILTER (WHERE state = 'active')::int AS "active",
      count(*) FILTER (WHERE state = 'idle')::int AS "idle",
      count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS "idleInTransaction"
    FROM pg_stat_activity
    WHERE backend_type = 'client backend'
    GROUP BY 1
    ORDER BY 2 DESC, 1
  `);
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
  const row = await queryOne<{ max_connections: number; reserved: number; used: number }>(`
    SELECT
      current_setting('max_connections')::int AS max_connections,
      current_setting('superuser_reserved_connections')::int AS reserved,
      (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS used
  `);
  const usable = row.max_connections - row.reserved;
  return { maxConnections: row.max_connections, superuserReserved: row.reserved, usable, used: row.used, free: usable - row.used };
}

export interface SessionRow {
  pid: number;
  user: string | null;
  application: string;
  client: string | null;
  state: string | null;
  waitEventType: string | null;
  waitEvent: string | null;
  durationSeconds: number;
  query: string;
}

const SESSION_COLUMNS = `
      pid,
      usename AS "user",
      application_name AS "application",
      host(client_addr) AS "client",
      state,
      wait_event_type AS "waitEventType",
      wait_event AS "waitEvent",
      query`;

/** The guide's long-running query: active, and running for longer than the threshold (default 30 s). */
export async function findLongRunningQueries(thresholdSeconds: number): Promise<SessionRow[]> {
  return query<SessionRow>(
    `
    SELECT ${SESSION_COLUMNS},
      extract(epoch FROM now() - query_start)::float8 AS "durationSeconds"
    FROM pg_stat_activity
    WHERE state = 'active'
      AND pid <> pg_backend_pid()
      AND now() - query_start > make_interval(secs => $1)
    ORDER BY "durationSeconds" DESC
  `,
    [thresholdSeconds],
  );
}

/** Sessions holding a transaction open while doing nothing: they hold locks and stop vacuum from cleaning up. */
export async function findIdleInTransaction(): Promise<SessionRow[]> {
  return query<SessionRow>(`
    SELECT ${SESSION_COLUMNS},
      extract(epoch FROM now() - state_change)::float8 AS "durationSeconds"
    FROM pg_stat_activity
    WHERE state LIKE 'idle in transaction%'
    ORDER BY "durationSeconds" DESC
  `);
}

export interface WaitEventCount {
  waitEventType: string;
  waitEvent: string;
  count: number;
}

/** What active sessions are waiting on right now (PostgreSQL docs, "Wait Event" tables). */
export async function getWaitEventSummary(): Promise<WaitEventCount[]> {
  return query<WaitEventCount>(`
    SELECT
      wait_event_type AS "waitEventType",
      wait_event AS "waitEvent",
      count(*)::int AS "count"
    FROM pg_stat_activity
    WHERE state = 'active'
      AND wait_event IS NOT NULL
      AND pid <> pg_backend_pid()
    GROUP BY 1, 2
    ORDER BY 3 DESC, 1, 2
  `);
}

export type BackendSignal = 'cancel' | 'terminate';

/**
 * pg_cancel_backend stops the current statement; pg_terminate_backend ends the session. Returns whether the
 * server delivered the signal (false when the pid no longer exists). Non-superusers may signal only sessions of
 * their own role, or any non-superuser session with pg_signal_backend.
 */
export async function signalBackend(pid: number, signal: BackendSignal): Promise<{ delivered: boolean; session: SessionRow | null }> {
  const [session] = await query<SessionRow>(
    `SELECT ${SESSION_COLUMNS}, coalesce(extract(epoch FROM now() - query_start), 0)::float8 AS "durationSeconds"
     FROM pg_stat_activity WHERE pid = $1`,
    [pid],
  );
  const fn = signal === 'cancel' ? 'pg_cancel_backend' : 'pg_terminate_backend';
  const { delivered } = await queryOne<{ delivered: boolean }>(`SELECT ${fn}($1) AS delivered`, [pid]);
  return { delivered, session: session ?? null };
}
