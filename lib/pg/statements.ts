/**
 * Query statistics from pg_stat_statements (PostgreSQL docs, F.32). Column names are those of PostgreSQL 13+
 * (total_exec_time, mean_exec_time), the oldest major the console supports. When the extension is not created
 * in this database, or not preloaded, every function throws AppError('extension_missing') with how to enable it.
 */
import 'server-only';
import { AppError } from '../errors';
import { query, queryOne } from './client';

export const ENABLE_PG_STAT_STATEMENTS_HINT =
  "Add pg_stat_statements to shared_preload_libraries in postgresql.conf (shared_preload_libraries = 'pg_stat_statements'), " +
  'restart PostgreSQL, then run CREATE EXTENSION pg_stat_statements; in this database as a superuser. ' +
  'The monitoring role needs pg_read_all_stats (included in pg_monitor) to see other roles\u2019 query text.';

export interface StatementsAvailability {
  created: boolean;
  preloaded: boolean;
}

export async function getStatementsAvailability(): Promise<StatementsAvailability> {
  return queryOne<StatementsAvailability>(`
    SELECT
      EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS "created",
      'pg_stat_statements' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')) AS "preloaded"
  `);
}

async function assertStatementsEnabled(): Promise<void> {
  const { created, preloaded } = await getStatementsAvailability();
  if (!created || !preloaded) {
    const missing = !preloaded ? 'pg_stat_statements is not in shared_preload_libraries' : 'the pg_stat_statements extension is not created in this database';
    throw new AppError('extension_missing', `Query statistics are unavailable: ${missing}. ${ENABLE_PG_STAT_STATEMENTS_HINT}`);
  }
}

export interface StatementStats {
  queryId: string;
  query: string;
  user: string | null;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  /** shared_blks_hit / (hit + read) for this statement; null when it touched no shared blocks. */
  cacheHitRatio: number | null;
  /** Share of all statements' total time. */
  shareOfTotal: number | null;
}

export const STATEMENT_ORDER = { total: 'total_exec_time', mean: 'mean_exec_time', calls: 'calls' } as const;
export type StatementOrder = keyof typeof STATEMENT_ORDER;

/** Top statements of this database by total time, mean time or calls. */
export async function listTopStatements(order: StatementOrder, limit = 50): Promise<StatementStats[]> {
  await assertStatementsEnabled();
  return query<StatementStats>(
    `
    SELECT
      s.queryid::text AS "queryId",
      s.query,
      r.rolname AS "user",
      s.calls::float8 AS "calls",
      s.total_exec_time::float8 AS "totalMs",
      s.mean_exec_time::float8 AS "meanMs",
      s.rows::float8 AS "rows",
      (s.shared_blks_hit::float8 / nullif(s.shared_blks_hit + s.shared_blks_read, 0))::float8 AS "cacheHitRatio",
      (s.total_exec_time / nullif(sum(s.total_exec_time) OVER (), 0))::float8 AS "shareOfTotal"
    FROM pg_stat_statements s
    LEFT JOIN pg_roles r ON r.oid = s.userid
    WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY s.${STATEMENT_ORDER[order]} DESC, s.queryid
    LIMIT $1
  `,
    [limit],
  );
}

/**
 * The guide's pg_slow_queries: how many distinct statements of this database have a mean execution time above
 * the threshold (default 1000 ms, the guide's log_min_duration_statement).
 */
export async function countSlowStatements(thresholdMs: number): Promise<number> {
  await assertStatementsEnabled();
  const row = await queryOne<{ count: number }>(
    `
    SELECT count(*)::int AS "count"
    FROM pg_stat_statements
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND mean_exec_time > $1
  `,
    [thresholdMs],
  );
  return row.count;
}

/** The text of one listed statement, for EXPLAIN. */
export async function findStatementText(queryId: string): Promise<string | null> {
  await assertStatementsEnabled();
  const rows = await query<{ query: string }>(
    `SELECT query FROM pg_stat_statements
     WHERE queryid = $1::bigint AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
     LIMIT 1`,
    [queryId],
  );
  return rows[0]?.query ?? null;
}

/** pg_stat_statements_reset(): superuser, or a role granted EXECUTE on it. */
export async function resetStatements(): Promise<void> {
  await assertStatementsEnabled();
  await query('SELECT pg_stat_statements_reset()');
}
