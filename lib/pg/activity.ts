/**
 * Sessions and connections, from pg_stat_activity (the guide's "Monitoring" section: active connections and the
 * breakdown by state).
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
