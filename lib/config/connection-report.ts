/**
 * What the console knows about its connection string, for the Connection page: the guide's "Database
 * Connection Strings" section applied to the configured URL. Never includes the password.
 */
import type { ParsedConnection, SslMode } from './connection-string';
import { toPgPoolConfig } from './pg-pool-config';

/** The guide's "SSL Mode Options" table. */
export const SSL_MODE_GUIDANCE: Record<
  SslMode,
  { description: string; useCase: string; production: 'no' | 'minimum' | 'recommended' | 'best' }
> = {
  disable: { description: 'No SSL', useCase: 'Development only, never production', production: 'no' },
  allow: { description: 'Try SSL, fall back to non-SSL', useCase: 'Not recommended', production: 'no' },
  prefer: { description: 'Prefer SSL, fall back to non-SSL', useCase: 'Not recommended', production: 'no' },
  require: { description: 'Require SSL', useCase: 'Production minimum', production: 'minimum' },
  'verify-ca': {
    description: 'Require SSL and verify the CA',
    useCase: 'Production recommended',
    production: 'recommended',
  },
  'verify-full': {
    description: 'Require SSL and verify the host name',
    useCase: 'Production best practice',
    production: 'best',
  },
};

export interface ConnectionReport {
  user: string;
  passwordSet: boolean;
  endpoint: string;
  database: string;
  sslmode: SslMode;
  sslGuidance: (typeof SSL_MODE_GUIDANCE)[SslMode];
  sslIgnoredOverSocket: boolean;
  certificateFiles: { parameter: string; path: string }[];
  pool: { parameter: string; given: string; mappedTo: string }[];
}

export function buildConnectionReport(connection: ParsedConnection): ConnectionReport {
  const { poolSize, maxOverflow, poolTimeoutSeconds, poolRecycleSeconds } = connection.pool;
  const mapped = toPgPoolConfig({ ...connection, sslmode: 'disable' });
  const given = (value: number | undefined) => (value === undefined ? '(not set)' : String(value));
  return {
    user: connection.user,
    passwordSet: connection.password !== undefined && connection.password !== '',
    endpoint: connection.socketDir ? `Unix socket in ${connection.socketDir}` : `${connection.host}:${connection.port}`,
    database: connection.database,
    sslmode: connection.sslmode,
    sslGuidance: SSL_MODE_GUIDANCE[connection.sslmode],
    sslIgnoredOverSocket: connection.socketDir !== undefined && connection.sslmode !== 'disable',
    certificateFiles: (['sslcert', 'sslkey', 'sslrootcert'] as const)
      .filter((parameter) => connection[parameter])
      .map((parameter) => ({ parameter, path: connection[parameter] as string })),
    pool: [
      {
        parameter: 'pool_size + max_overflow',
        given: `${given(poolSize)} + ${given(maxOverflow)}`,
        mappedTo: `max ${mapped.max} connections`,
      },
      {
        parameter: 'pool_timeout',
        given: given(poolTimeoutSeconds),
        mappedTo: `connectionTimeoutMillis ${mapped.connectionTimeoutMillis}`,
      },
      {
        parameter: 'pool_recycle',
        given: given(poolRecycleSeconds),
        mappedTo: mapped.maxLifetimeSeconds
          ? `maxLifetimeSeconds ${mapped.maxLifetimeSeconds}`
          : 'connections kept until idle',
      },
    ],
  };
}
