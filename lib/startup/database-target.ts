// Not 'server-only': scripts/ loads it too (tsx, outside Next.js), where that import throws.
/**
 * Which database the console uses: DATABASE_URL when set, otherwise the embedded PostgreSQL under DATA_DIR.
 * Shared by `npm start`, `npm run db:url` and `npm run seed`.
 */
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { describeServer, parseConnectionString } from '../config/connection-string';
import { toPgPoolConfig } from '../config/pg-pool-config';
import { readEmbeddedUrl, startEmbeddedServer, type EmbeddedServer } from '../embedded/embedded-server';
import type { Env } from '../env';
import { errorMessage, redactSecrets } from '../errors';
import { clientRunner, text } from '../pg/rows';

export type DatabaseSource = 'embedded' | 'external';

export function embeddedDataDir(env: Env): string {
  return path.resolve(env.DATA_DIR);
}

/** The URL in use, or undefined when the embedded server has never been started here. */
export async function resolveDatabaseUrl(env: Env): Promise<{ url: string; source: DatabaseSource } | undefined> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, source: 'external' };
  const url = await readEmbeddedUrl(embeddedDataDir(env));
  return url ? { url, source: 'embedded' } : undefined;
}

export async function startEmbedded(env: Env, log: (line: string) => void): Promise<EmbeddedServer> {
  const serverLog: string[] = [];
  try {
    return await startEmbeddedServer({
      dataDir: embeddedDataDir(env),
      log: (line) => serverLog.push(line),
      notice: log,
    });
  } catch (error) {
    log(serverLog.slice(-20).join(''));
    throw new Error(`The embedded PostgreSQL did not start: ${errorMessage(error) || 'see its log above'}`);
  }
}

/**
 * Connects once to prove the server is reachable and the credentials work; the message names the problem
 * (never the password).
 */
export async function checkReachable(url: string): Promise<{ serverVersion: string }> {
  const connection = parseConnectionString(url);
  const client = new pg.Client({ ...toPgPoolConfig(connection), connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const [row] = await clientRunner(client)(z.object({ server_version: text }), 'SHOW server_version');
    return { serverVersion: row.server_version };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const detail = redactSecrets(errorMessage(error), [connection.password]);
    throw new Error(
      `Cannot connect to PostgreSQL at ${describeServer(connection)} as ${connection.user}: ${detail}${code ? ` (${code})` : ''}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}
