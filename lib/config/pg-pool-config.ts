// Not 'server-only': scripts/ loads it too (tsx, outside Next.js), where that import throws.
/**
 * Maps a parsed connection string onto node-postgres pool options: TLS per sslmode (libpq's semantics as far as
 * node-postgres can follow them), client certificates read from their files, and the guide's SQLAlchemy pool
 * parameters translated to their nearest node-postgres equivalents.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { PoolConfig } from 'pg';
import { ConnectionStringError, type ParsedConnection } from './connection-string';

/** node-postgres keeps no "overflow" connections, so its ceiling is SQLAlchemy's pool_size + max_overflow. */
export const DEFAULT_POOL_SIZE = 5;

export interface PoolDefaults {
  /** Used when the URL names no pool_size. */
  max?: number;
  applicationName?: string;
  idleTimeoutMillis?: number;
}

function readCertificateFile(parameter: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConnectionStringError(`${parameter} file ${path} cannot be read (${code})`);
  }
}

/**
 * TLS options per sslmode. libpq's modes and what node-postgres can do with them:
 *  - disable: plain TCP.
 *  - allow: libpq tries plain first and upgrades only if the server insists; node-postgres cannot retry, so plain.
 *  - prefer: libpq tries TLS first and falls back to plain; we use TLS without verification (no fallback).
 *  - require: TLS, no verification, unless a root certificate is given, in which case libpq verifies the CA.
 *  - verify-ca: TLS, CA verified, host name not checked.
 *  - verify-full: TLS, CA and host name verified.
 * Over a Unix socket libpq ignores sslmode entirely, and so do we.
 */
export function toTlsOptions(connection: ParsedConnection): false | ConnectionOptions {
  if (connection.socketDir) return false;
  const { sslmode } = connection;
  if (sslmode === 'disable' || sslmode === 'allow') return false;

  const tls: ConnectionOptions = {};
  if (connection.sslcert) tls.cert = readCertificateFile('sslcert', connection.sslcert);
  if (connection.sslkey) tls.key = readCertificateFile('sslkey', connection.sslkey);
  if (connection.sslrootcert) tls.ca = readCertificateFile('sslrootcert', connection.sslrootcert);

  const verifiesCa = sslmode === 'verify-ca' || sslmode === 'verify-full' || (sslmode === 'require' && !!tls.ca);
  tls.rejectUnauthorized = verifiesCa;
  if (sslmode !== 'verify-full') tls.checkServerIdentity = () => undefined;
  if (sslmode === 'verify-full' && connection.host) tls.servername = connection.host;
  return tls;
}

export function toPgPoolConfig(connection: ParsedConnection, defaults: PoolDefaults = {}): PoolConfig {
  const { poolSize, maxOverflow, poolTimeoutSeconds, poolRecycleSeconds } = connection.pool;
  const max = poolSize === undefined ? (defaults.max ?? DEFAULT_POOL_SIZE) : poolSize + (maxOverflow ?? 0);
  return {
    user: connection.user,
    password: connection.password,
    host: connection.socketDir ?? connection.host,
    port: connection.port,
    database: connection.database,
    ssl: toTlsOptions(connection),
    max,
    // pool_timeout: how long a caller waits for a free connection (node-postgres applies this to both the wait
    // in the queue and the connect itself).
    connectionTimeoutMillis: (poolTimeoutSeconds ?? connection.connectTimeoutSeconds ?? 10) * 1000,
    // pool_recycle: connections older than this are closed and replaced.
    maxLifetimeSeconds: poolRecycleSeconds,
    idleTimeoutMillis: defaults.idleTimeoutMillis ?? 30_000,
    application_name: connection.applicationName ?? defaults.applicationName,
    // A server that vanishes without closing the connection (a host crash, a network cut) is noticed by TCP
    // keepalives rather than after the kernel's retransmission timeout (about 15 minutes).
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}
