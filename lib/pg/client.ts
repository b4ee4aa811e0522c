/**
 * The one runner for raw SQL against the monitored server. Every query:
 *  - goes through a small bounded pool (PG_MONITOR_POOL_MAX connections), so the console can never flood the
 *    server it watches;
 *  - runs with statement_timeout and lock_timeout set on the connection (startup parameters, no extra round trip);
 *  - takes its values as bound parameters; identifiers never come from input.
 * Every row is parsed with a row schema (./rows.ts), never cast. Failures become typed AppErrors with secrets removed
 * (./sqlstate.ts). The background sampler runs the same report functions on a connection of its own per target
 * (`withDedicatedConnection`, lib/sampler/connections.ts), so its rounds never wait on the pages' pools, and so does
 * the workload collector (lib/workload/collector.ts); there the statements without values sent together go out as one
 * message (./dedicated-connection.ts).
 */
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { z } from 'zod';
import { toPgPoolConfig } from '../config/pg-pool-config';
import { ConnectionStringError, type ParsedConnection } from '../config/connection-string';
import { getDatabaseConnection, getEnv } from '../env';
import { AppError } from '../errors';
import { PRIMARY_TARGET, type NamedConnection } from '../targets/target-list';
import { queryInTurn, type DedicatedConnection } from './dedicated-connection';
import { redactKnownPasswords, rememberPassword, toAppError } from './sqlstate';
import { clientRunner, int, NO_COLUMNS, parseRows, type RowSchema, type TransactionRunner } from './rows';

export const CONSOLE_APPLICATION_NAME = 'halcytone-console';

/**
 * Which watched server a query goes to. Code that reports on another target runs inside `withTarget`; everything
 * else (the checklist, backups, the console's own reads) goes to DATABASE_URL, the primary.
 */
const currentTarget = new AsyncLocalStorage<NamedConnection>();

/** The connection a caller holds for the current target, if any (withDedicatedConnection). */
const currentConnection = new AsyncLocalStorage<DedicatedConnection | undefined>();

/**
 * Runs `work` with every query of this module sent to `target`, through its pool: a dedicated connection held by an
 * enclosing caller is another target's, and is not used inside.
 */
export function withTarget<T>(target: NamedConnection, work: () => Promise<T>): Promise<T> {
  return currentTarget.run(target, () => currentConnection.run(undefined, work));
}

/** Runs `work` with every query of this module sent to `target` over `connection` rather than the target's pool. */
export function withDedicatedConnection<T>(
  target: NamedConnection,
  connection: DedicatedConnection,
  work: () => Promise<T>,
): Promise<T> {
  return currentTarget.run(target, () => currentConnection.run(connection, work));
}

/**
 * The options of every monitoring connection to `target`: statement_timeout and lock_timeout as startup parameters
 * (no extra round trip), TLS and keepalives from its URL. Its password is remembered, to be removed from any error.
 */
export function monitoringClientConfig(target: NamedConnection, applicationName = CONSOLE_APPLICATION_NAME) {
  const env = getEnv();
  rememberPassword(target.connection.password);
  try {
    return {
      ...toPgPoolConfig(target.connection, { applicationName }),
      statement_timeout: env.PG_STATEMENT_TIMEOUT_MS,
      lock_timeout: env.PG_LOCK_TIMEOUT_MS,
    };
  } catch (error) {
    // TLS files named in the URL are read here; say which target's settings are unusable.
    if (error instanceof ConnectionStringError)
      throw new AppError(
        'database_unavailable',
        `The connection settings of ${target.name} cannot be used: ${error.detail}`,
      );
    throw error;
  }
}

/** The name of the target queries go to now. */
export function activeTargetName(): string {
  return currentTarget.getStore()?.name ?? PRIMARY_TARGET;
}

interface TargetPool {
  pool: pg.Pool;
  /** The connection the pool was made for: a target whose URL changed gets a new pool. */
  connection: ParsedConnection;
  /** Facts of its server asked once per pool (askOncePerConnection); forgotten when the server may have restarted. */
  facts?: Map<string, Promise<unknown>>;
}

// One bounded pool per target (PG_MONITOR_POOL_MAX each), kept across hot reloads.
const globalForPools = globalThis as unknown as { monitoringPools?: Map<string, TargetPool> };
const pools = (globalForPools.monitoringPools ??= new Map());

function createPool(target: NamedConnection): TargetPool {
  const pool = new pg.Pool({
    ...monitoringClientConfig(target),
    max: getEnv().PG_MONITOR_POOL_MAX,
    connectionTimeoutMillis: 5_000,
    // pg-pool closes a connection idle for 10 s by default. The workload collector's visits of a target come every
    // ACTIVITY_SAMPLE_SECONDS, but most of them send nothing (the sessions' read is shared by a server's databases),
    // so a target's pool is used by its statement task, once every STATEMENT_SAMPLE_SECONDS: closed any sooner, each
    // of those visits opened a connection (a backend started, a SCRAM handshake) — at a thousand targets a tenth of
    // the console's CPU in a profile of bench/fleet-sampler.ts. Two statement intervals keep it open between them.
    idleTimeoutMillis: Math.max(60_000, 2 * getEnv().STATEMENT_SAMPLE_SECONDS * 1000),
  });
  const entry: TargetPool = { pool, connection: target.connection };
  // An idle connection that dies (server restart) must not crash the process; the next query reconnects. The
  // server that comes back may be another major (pg_upgrade), so its version is asked again.
  pool.on('error', (error) => {
    forgetServerFacts(entry);
    console.warn(`monitoring pool: ${redactKnownPasswords(error.message)}`);
  });
  return entry;
}

/** DATABASE_URL parsed once: most queries run outside `withTarget` and must not re-parse it each time. */
let primaryTarget: NamedConnection | undefined;

/** Whether two parsed connections are the same settings (a connection kept for one is reused for the other). */
export function sameConnection(a: ParsedConnection, b: ParsedConnection): boolean {
  // The registry re-parses targets every few seconds, so equal settings arrive as new objects.
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function getTargetPool(): TargetPool {
  const target =
    currentTarget.getStore() ?? (primaryTarget ??= { name: PRIMARY_TARGET, connection: getDatabaseConnection() });
  const existing = pools.get(target.name);
  if (existing && sameConnection(existing.connection, target.connection)) return existing;
  if (existing) void existing.pool.end().catch(() => undefined);
  const entry = createPool(target);
  pools.set(target.name, entry);
  return entry;
}

/** Where queries go now: the caller's dedicated connection (the sampler's) or the target's pool. */
function getRunner(): {
  send: (text: string, values?: unknown[]) => Promise<pg.QueryResult>;
  entry: TargetPool | DedicatedConnection;
} {
  const dedicated = currentConnection.getStore();
  if (dedicated) return { send: (text, values) => queryInTurn(dedicated, text, values), entry: dedicated };
  const entry = getTargetPool();
  return { send: (text, values) => entry.pool.query(text, values), entry };
}

/** Closes the pools of targets no longer configured (an admin removed one). */
export async function closePoolsExcept(names: ReadonlySet<string>): Promise<void> {
  const closing = [...pools.entries()].filter(([name]) => !names.has(name) && name !== PRIMARY_TARGET);
  for (const [name] of closing) pools.delete(name);
  await Promise.all(closing.map(([, { pool }]) => pool.end().catch(() => undefined)));
}

/**
 * A driver error as an AppError. The target's version is asked again after any: the server may have gone away
 * and come back as another major, and SQL chosen for the wrong major fails — one cheap query decides anew.
 */
function failed(entry: TargetPool | DedicatedConnection, error: unknown): AppError {
  forgetServerFacts(entry);
  return toAppError(error);
}

/** What a connection (or pool) knows of its server until it fails: the server may have restarted meanwhile. */
export function forgetServerFacts(entry: Pick<DedicatedConnection, 'facts'>): void {
  entry.facts = undefined;
}

/**
 * The one row of `text`, asked once per connection (or pool) of the target queries go to now and kept until a
 * failure on it, as getServerVersionNum is: for facts of the server that change only when it restarts.
 */
export function askOncePerConnection<S extends RowSchema>(fact: string, schema: S, text: string): Promise<z.output<S>> {
  const { send, entry } = getRunner();
  const facts = (entry.facts ??= new Map<string, Promise<unknown>>());
  let answer = facts.get(fact) as Promise<z.output<S>> | undefined;
  if (!answer) {
    answer = send(text)
      .then(({ rows }) => {
        const parsed = parseRows(schema, rows);
        if (parsed.length !== 1) throw new AppError('not_found', `Expected one row, got ${parsed.length}.`);
        return parsed[0];
      })
      .catch((error: unknown) => {
        throw error instanceof AppError ? error : failed(entry, error);
      });
    facts.set(fact, answer);
    // A failed answer is not kept: the next caller asks again.
    answer.catch(() => {
      if (facts.get(fact) === answer) facts.delete(fact);
    });
  }
  return answer;
}

/** Runs one statement with bound parameters and returns its rows, each parsed with `schema` (lib/pg/rows.ts). */
export async function query<S extends RowSchema>(
  schema: S,
  text: string,
  values: readonly unknown[] = [],
): Promise<z.output<S>[]> {
  const { send, entry } = getRunner();
  let rows: unknown[];
  try {
    rows = (await send(text, values as unknown[])).rows;
  } catch (error) {
    throw failed(entry, error);
  }
  return parseRows(schema, rows);
}

/** Like `query`, for statements that return exactly one row (aggregates, settings). */
export async function queryOne<S extends RowSchema>(
  schema: S,
  text: string,
  values: readonly unknown[] = [],
): Promise<z.output<S>> {
  const rows = await query(schema, text, values);
  if (rows.length !== 1) throw new AppError('not_found', `Expected one row, got ${rows.length}.`);
  return rows[0];
}

/** Runs a statement whose rows, if any, are not read (a reset, DROP DATABASE). */
export async function execute(text: string, values: readonly unknown[] = []): Promise<void> {
  await query(NO_COLUMNS, text, values);
}

/**
 * server_version_num of the target queries go to now (e.g. 150017), for choosing version-specific SQL. Asked once
 * per target's pool (or dedicated connection): a server's version changes only with a restart, which ends the
 * connections (their 'error' event or any failed query forgets the answer) — and a target whose URL changes gets
 * a new pool.
 */
export async function getServerVersionNum(): Promise<number> {
  const { num } = await askOncePerConnection(
    'server_version_num',
    z.object({ num: int }),
    `SELECT current_setting('server_version_num') AS num`,
  );
  return num;
}

/** How inRolledBackTransaction sends its statements. */
export interface RolledBackTransactionOptions {
  /**
   * Send every statement with the extended query protocol, even one without values (pg's `queryMode: 'extended'`):
   * PostgreSQL then refuses a text holding several statements ("cannot insert multiple commands into a prepared
   * statement") however it is written. For statements that carry text the console did not write — EXPLAIN's listed
   * statements; without values pg would send them with the simple protocol, which runs every statement in the
   * string. Monitoring SQL, the console's own, is sent as before.
   */
  extendedProtocol?: boolean;
}

/** Like clientRunner (./rows.ts), sending each statement with the extended protocol. */
function extendedProtocolRunner(client: pg.ClientBase): TransactionRunner {
  return async (schema, text, values = []) => {
    // queryMode is pg 8's (lib/query.js) but missing from @types/pg's QueryConfig.
    const config: pg.QueryConfig & { queryMode: 'extended' } = { text, values: [...values], queryMode: 'extended' };
    return parseRows(schema, (await client.query(config)).rows);
  };
}

/**
 * Runs `work` on one connection inside a transaction that is always rolled back, with the given statement
 * timeout: for EXPLAIN, whose ANALYZE executes the statement it measures. Prepared statements are not
 * transactional, so any the work created are deallocated after the rollback.
 */
export async function inRolledBackTransaction<T>(
  statementTimeoutMs: number,
  work: (run: TransactionRunner) => Promise<T>,
  { extendedProtocol = false }: RolledBackTransactionOptions = {},
): Promise<T> {
  const entry = getTargetPool();
  let client: pg.PoolClient | undefined;
  try {
    client = await entry.pool.connect();
    await client.query('BEGIN');
    await client.query(`SELECT set_config('statement_timeout', $1, true)`, [String(statementTimeoutMs)]);
    return await work(extendedProtocol ? extendedProtocolRunner(client) : clientRunner(client));
  } catch (error) {
    throw failed(entry, error);
  } finally {
    if (client) {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.query('DEALLOCATE ALL').catch(() => undefined);
      client.release();
    }
  }
}
