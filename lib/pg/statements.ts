/**
 * Query statistics from pg_stat_statements (PostgreSQL docs, F.32). When the extension is not created in this
 * database, or not preloaded, every function throws AppError('extension_missing') with how to enable it.
 *
 * The view's columns are those of the extension version created in this database, which is the one the server's
 * major ships unless the database came through pg_upgrade and was not updated (ALTER EXTENSION ... UPDATE): so the
 * columns are chosen from pg_extension.extversion, in `statementColumns` only. 1.8 (PostgreSQL 13) renamed
 * total_time/mean_time to total_exec_time/mean_exec_time when it added planning times; 1.11 (17) renamed the
 * blk_*_time columns, which the console does not read.
 */
import 'server-only';
import { z } from 'zod';
import { AppError } from '../errors';
import { execute, query, queryOne } from './client';
import { bool, float, int, text } from './rows';

export const ENABLE_PG_STAT_STATEMENTS_HINT =
  "Add pg_stat_statements to shared_preload_libraries in postgresql.conf (shared_preload_libraries = 'pg_stat_statements'), " +
  'restart PostgreSQL, then run CREATE EXTENSION pg_stat_statements; in this database as a superuser. ' +
  'The monitoring role needs pg_read_all_stats (included in pg_monitor) to see other roles\u2019 query text.';

const availabilityRow = z.object({
  created: bool,
  preloaded: bool,
  /** pg_extension.extversion, e.g. "1.10"; null when not created. */
  version: text.nullable(),
});
export type StatementsAvailability = z.output<typeof availabilityRow>;

export async function getStatementsAvailability(): Promise<StatementsAvailability> {
  return queryOne(
    availabilityRow,
    `
    SELECT
      EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS "created",
      'pg_stat_statements' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')) AS "preloaded",
      (SELECT extversion FROM pg_extension WHERE extname = 'pg_stat_statements') AS "version"
  `,
  );
}

/** Extension versions compare part by part: "1.10" is newer than "1.9". */
export function isAtLeast(version: string, minimum: readonly [number, number]): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

/** The created extension's version; throws the enabling hint when it is unavailable. */
export async function requireStatementsVersion(): Promise<string> {
  const { created, preloaded, version } = await getStatementsAvailability();
  if (!created || !preloaded || version === null) {
    const missing = !preloaded
      ? 'pg_stat_statements is not in shared_preload_libraries'
      : 'the pg_stat_statements extension is not created in this database';
    throw new AppError(
      'extension_missing',
      `Query statistics are unavailable: ${missing}. ${ENABLE_PG_STAT_STATEMENTS_HINT}`,
    );
  }
  return version;
}

/** The column names of the created extension's view; throws the enabling hint when it is unavailable. */
async function statementColumns(): Promise<{ totalTime: string; meanTime: string }> {
  return isAtLeast(await requireStatementsVersion(), [1, 8])
    ? { totalTime: 'total_exec_time', meanTime: 'mean_exec_time' }
    : { totalTime: 'total_time', meanTime: 'mean_time' };
}

const statementRow = z.object({
  queryId: text,
  query: text,
  user: text.nullable(),
  calls: float,
  totalMs: float,
  meanMs: float,
  rows: float,
  /** shared_blks_hit / (hit + read) for this statement; null when it touched no shared blocks. */
  cacheHitRatio: float.nullable(),
  /** Share of all statements' total time. */
  shareOfTotal: float.nullable(),
});
export type StatementStats = z.output<typeof statementRow>;

/** Sort keys offered on the Queries page; the ORDER BY names come only from this registry (output columns). */
export const STATEMENT_ORDER = { total: '"totalMs"', mean: '"meanMs"', calls: '"calls"' } as const;
export type StatementOrder = keyof typeof STATEMENT_ORDER;

/** Top statements of this database by total time, mean time or calls. */
export async function listTopStatements(order: StatementOrder, limit = 50): Promise<StatementStats[]> {
  const { totalTime, meanTime } = await statementColumns();
  return query(
    statementRow,
    `
    SELECT
      s.queryid::text AS "queryId",
      s.query,
      r.rolname AS "user",
      s.calls AS "calls",
      s.${totalTime} AS "totalMs",
      s.${meanTime} AS "meanMs",
      s.rows AS "rows",
      s.shared_blks_hit::float8 / nullif(s.shared_blks_hit + s.shared_blks_read, 0) AS "cacheHitRatio",
      s.${totalTime} / nullif(sum(s.${totalTime}) OVER (), 0) AS "shareOfTotal"
    FROM pg_stat_statements s
    LEFT JOIN pg_roles r ON r.oid = s.userid
    WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY ${STATEMENT_ORDER[order]} DESC, s.queryid
    LIMIT $1
  `,
    [limit],
  );
}

/**
 * The guide's pg_slow_queries: how many distinct statements of this database have a mean execution time above
 * the threshold (default 1000 ms, the guide's log_min_duration_statement). The sampler asks this every round of
 * every target, so it reads the function without text: the view (showtext true) reads the whole query-text file.
 */
export async function countSlowStatements(thresholdMs: number): Promise<number> {
  const { meanTime } = await statementColumns();
  const row = await queryOne(
    z.object({ count: int }),
    `
    SELECT count(*) AS "count"
    FROM pg_stat_statements(false)
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND ${meanTime} > $1
  `,
    [thresholdMs],
  );
  return row.count;
}

/** The text of one listed statement, for EXPLAIN. */
export async function findStatementText(queryId: string): Promise<string | null> {
  await statementColumns();
  const rows = await query(
    z.object({ query: text }),
    `SELECT query FROM pg_stat_statements
     WHERE queryid = $1::bigint AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
     LIMIT 1`,
    [queryId],
  );
  return rows[0]?.query ?? null;
}

/** pg_stat_statements_reset(): superuser, or a role granted EXECUTE on it. */
export async function resetStatementStats(): Promise<void> {
  await statementColumns();
  await execute('SELECT pg_stat_statements_reset()');
}
