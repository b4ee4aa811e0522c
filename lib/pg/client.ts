/**
 * The one runner for raw SQL against the monitored server. Every query:
 *  - goes through a small bounded pool (PG_MONITOR_POOL_MAX connections), so the console can never flood the
 *    server it watches;
 *  - runs with statement_timeout and lock_timeout set on the connection (startup parameters, no extra round trip);
 *  - takes its values as bound parameters; identifiers never come from input.
 * Failures become typed AppErrors with secrets removed.
 */
import 'server-only';
import pg from 'pg';
import { toPgPoolConfig } from '../config/pg-pool-config';
import { getDatabaseConnection, getEnv } from '../env';
import { AppError, errorMessage, redactSecrets } from '../errors';

export const CONSOLE_APPLICATION_NAME = 'halcytone-console';

const globalForPool = globalThis as unknown as { monitoringPool?: pg.Pool };

function getPool(): pg.Pool {
  if (!globalForPool.monitoringPool) {
    const env = getEnv();
    const connection = getDatabaseConnection(env);
    const pool = new pg.Pool({
      ...toPgPoolConfig(connection, { applicationName: CONSOLE_APPLICATION_NAME }),
      max: env.PG_MONITOR_POOL_MAX,
      statement_timeout: env.PG_STATEMENT_TIMEOUT_MS,
      lock_timeout: env.PG_LOCK_TIMEOUT_MS,
      connectionTimeoutMillis: 5_000,
    });
    // An idle connection that dies (server restart) must not crash the process; the next query reconnects.
    pool.on('error', (error) => console.warn(`monitoring pool: ${redactSecrets(error.message, [connection.password])}`));
    globalForPool.monitoringPool = pool;
  }
  return globalForPool.monitoringPool;
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'EAI_AGAIN']);

/** Maps a driver error onto what a user can act on. Exported for the health check and tests. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  const message = redactSecrets(errorMessage(error), [getDatabaseConnectionSafe()?.password]);
  if (code === '57014') {
    return new AppError('query_timeout', 'The query took longer than the console allows and was cancelled.', { cause: error });
  }
  if (code === '55P03') {
    return new AppError('query_timeout', 'The query waited too long for a lock and was cancelled.', { cause: error });
  }
  if (code === '42501') {
    return new AppError('insufficient_privilege', `The monitoring role lacks a privilege: ${message}`, { cause: error });
  }
  if ((code && CONNECTION_ERROR_CODES.has(code)) || /timeout exceeded when trying to connect|Connection terminated/i.test(message)) {
    return new AppError('database_unavailable', `The database cannot be reached (${code ?? message}).`, { cause: error });
  }
  if (code?.startsWith('08') || code === '57P01' || code === '57P03' || code === '53300') {
    return new AppError('database_unavailable', `The database refused the connection: ${message}`, { cause: error });
  }
  return new AppError('query_failed', `The database returned an error: ${message}`, { cause: error });
}

function getDatabaseConnectionSafe() {
  try {
    return getDatabaseConnection();
  } catch {
    return undefined;
  }
}

/** Runs one statement with bound parameters and returns its rows. */
export async function query<Row extends object>(text: string, values: readonly unknown[] = []): Promise<Row[]> {
  try {
    const result = await getPool().query<Row>(text, values as unknown[]);
    return result.rows;
  } catch (error) {
    throw toAppError(error);
  }
}

/** Like `query`, for statements that return exactly one row (aggregates, settings). */
export async function queryOne<Row extends object>(text: string, values: readonly unknown[] = []): Promise<Row> {
  const rows = await query<Row>(text, values);
  if (rows.length !== 1) throw new AppError('not_found', `Expected one row, got ${rows.length}.`);
  return rows[0];
}

export type TransactionRunner = <Row extends object>(text: string, values?: readonly unknown[]) => Promise<Row[]>;

/**
 * Runs `work` on one connection inside a transaction that is always rolled back, with the given statement
 * timeout: for EXPLAIN ANALYZE, which executes the statement it measures. Prepared statements are not
 * transactional, so any the work created are deallocated after the rollback.
 */
export async function inRolledBackTransaction<T>(statementTimeoutMs: number, work: (run: TransactionRunner) => Promise<T>): Promise<T> {
  let client: pg.PoolClient | undefined;
  try {
    client = await getPool().connect();
    const connection = client;
    await connection.query('BEGIN');
    await connection.query(`SELECT set_config('statement_timeout', $1, true)`, [String(statementTimeoutMs)]);
    const run: TransactionRunner = async (text, values = []) => (await connection.query(text, values as unknown[])).rows;
    return await work(run);
  } catch (error) {
    throw toAppError(error);
  } finally {
    if (client) {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.query('DEALLOCATE ALL').catch(() => undefined);
      client.release();
    }
  }
}
