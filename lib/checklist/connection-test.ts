/**
 * Item 12: the connection string tested — a fresh connection exactly as configured (TLS included), timed, with
 * the server version, the TLS version and cipher the session got, and who it authenticated as. A failure is
 * matched against the guide's troubleshooting entries.
 */
import 'server-only';
import pg from 'pg';
import { z } from 'zod';
import type { ParsedConnection } from '../config/connection-string';
import { toPgPoolConfig } from '../config/pg-pool-config';
import { errorMessage, redactSecrets } from '../errors';
import { bool, clientRunner, text } from '../pg/rows';
import { recogniseConnectionProblem, type KnownProblem } from './troubleshooting';

export interface ConnectionTestResult {
  target: string;
  ok: boolean;
  latencyMs: number;
  serverVersion: string | null;
  /** e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384", or "not encrypted". */
  tls: string | null;
  authenticatedAs: string | null;
  error: string | null;
  problem: KnownProblem | null;
}

/** host:port/database — never the password. */
export function describeTarget(connection: ParsedConnection): string {
  return `${connection.user}@${connection.host ?? connection.socketDir}:${connection.port}/${connection.database}`;
}

const sessionRow = z.object({
  version: text,
  user: text,
  ssl: bool.nullable(),
  tlsVersion: text.nullable(),
  cipher: text.nullable(),
});

export async function testConnection(connection: ParsedConnection, timeoutMs = 10_000): Promise<ConnectionTestResult> {
  const target = describeTarget(connection);
  const started = performance.now();
  const client = new pg.Client({
    ...toPgPoolConfig(connection),
    connectionTimeoutMillis: timeoutMs,
    application_name: 'halcytone-console connection test',
    statement_timeout: timeoutMs,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const [row] = await clientRunner(client)(
      sessionRow,
      `SELECT current_setting('server_version') AS version, current_user AS "user", s.ssl, s.version AS "tlsVersion", s.cipher
       FROM (SELECT 1) AS one LEFT JOIN pg_stat_ssl s ON s.pid = pg_backend_pid()`,
    );
    return {
      target,
      ok: true,
      latencyMs: Math.round(performance.now() - started),
      serverVersion: row.version,
      tls: row.ssl ? `${row.tlsVersion} ${row.cipher}` : 'not encrypted',
      authenticatedAs: row.user,
      error: null,
      problem: null,
    };
  } catch (error) {
    const message = redactSecrets(errorMessage(error), [connection.password]);
    return {
      target,
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      serverVersion: null,
      tls: null,
      authenticatedAs: null,
      error: message,
      problem: recogniseConnectionProblem(message),
    };
  } finally {
    await client.end().catch(() => {});
  }
}
