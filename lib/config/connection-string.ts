/**
 * Parses the PostgreSQL connection strings the team's guide uses ("Database Connection Strings") into one typed
 * value, and maps it onto node-postgres pool options. One parser feeds every pool (Prisma's and the monitoring
 * runner's) so that a string is understood the same way everywhere.
 *
 * Forms accepted, each from the guide:
 *   postgresql://user:pass@host:5432/db                                  basic
 *   …?sslmode=require&sslcert=…&sslkey=…&sslrootcert=…                   SSL with client certificates
 *   …?pool_size=20&max_overflow=10&pool_timeout=30&pool_recycle=3600     SQLAlchemy-style pool parameters
 *   postgresql://halcytone@halcytone-prod:pass@host/db                   Azure's user@server user names
 *   postgresql://user:pass@/db?host=/cloudsql/project:region:instance    Cloud SQL's Unix-socket form
 * This module is pure (no file or network access) so it can be used from scripts, prisma.config.ts and the app.
 */

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** The pool parameters as the guide writes them (SQLAlchemy's names), before mapping onto node-postgres. */
export interface PoolParameters {
  poolSize?: number;
  maxOverflow?: number;
  poolTimeoutSeconds?: number;
  poolRecycleSeconds?: number;
}

export interface ParsedConnection {
  user: string;
  password?: string;
  /** A TCP host name or address; undefined when connecting through a Unix socket directory. */
  host?: string;
  /** A directory holding the server's Unix socket (Cloud SQL's /cloudsql/… form). */
  socketDir?: string;
  port: number;
  database: string;
  sslmode: SslMode;
  sslcert?: string;
  sslkey?: string;
  sslrootcert?: string;
  pool: PoolParameters;
  connectTimeoutSeconds?: number;
  applicationName?: string;
}

/** `detail` says what is wrong without naming the variable: the same parser reads DATABASE_URL and targets. */
export class ConnectionStringError extends Error {
  constructor(readonly detail: string) {
    super(`Invalid DATABASE_URL: ${detail}`);
    this.name = 'ConnectionStringError';
  }
}

const DEFAULT_PORT = 5432;

/** Query parameters we understand; anything else is refused so a typo does not silently do nothing. */
const KNOWN_PARAMETERS = new Set([
  'sslmode',
  'sslcert',
  'sslkey',
  'sslrootcert',
  'host',
  'port',
  'pool_size',
  'max_overflow',
  'pool_timeout',
  'pool_recycle',
  'connect_timeout',
  'application_name',
]);

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ConnectionStringError(`the ${what} contains a malformed percent-escape`);
  }
}

function parseWholeNumber(name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(raw)) throw new ConnectionStringError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConnectionStringError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function parseHostAndPort(authorityHost: string): { host?: string; port?: number } {
  if (authorityHost === '') return {};
  if (authorityHost.includes(',')) {
    throw new ConnectionStringError('several hosts in one URL are not supported; configure one target per server');
  }
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(.*))?$/.exec(authorityHost);
  const [host, portText] = bracketed
    ? [bracketed[1], bracketed[2]]
    : (() => {
        const colon = authorityHost.lastIndexOf(':');
        return colon === -1
          ? [authorityHost, undefined]
          : [authorityHost.slice(0, colon), authorityHost.slice(colon + 1)];
      })();
  if (!host || /[\s/]/.test(host)) throw new ConnectionStringError(`the host "${host ?? ''}" is not a valid host name`);
  const port = portText === undefined || portText === '' ? undefined : parseWholeNumber('the port', portText, 1, 65535);
  return { host: decode(host, 'host'), port };
}

export function parseConnectionString(input: string): ParsedConnection {
  const text = input.trim();
  const scheme = /^(postgres|postgresql):\/\//i.exec(text);
  if (!scheme) {
    throw new ConnectionStringError('it must start with postgresql:// (or postgres://)');
  }
  const afterScheme = text.slice(scheme[0].length);
  const queryStart = afterScheme.indexOf('?');
  const beforeQuery = queryStart === -1 ? afterScheme : afterScheme.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? '' : afterScheme.slice(queryStart + 1));

  // User names may contain "@" (Azure's user@server), so the credentials end at the LAST "@" before the path.
  const lastAt = beforeQuery.lastIndexOf('@');
  const pathStart = beforeQuery.indexOf('/', lastAt + 1);
  const authority = pathStart === -1 ? beforeQuery : beforeQuery.slice(0, pathStart);
  const path = pathStart === -1 ? '' : beforeQuery.slice(pathStart + 1);
  const userInfo = lastAt === -1 ? '' : authority.slice(0, lastAt);
  const hostPart = lastAt === -1 ? authority : authority.slice(lastAt + 1);

  const colon = userInfo.indexOf(':');
  const user = decode(colon === -1 ? userInfo : userInfo.slice(0, colon), 'user name');
  const password = colon === -1 ? undefined : decode(userInfo.slice(colon + 1), 'password');
  if (!user) throw new ConnectionStringError('no user name (expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE)');

  const database = decode(path, 'database name');
  if (!database) throw new ConnectionStringError('no database name after the host (…@HOST:PORT/DATABASE)');
  if (database.includes('/')) throw new ConnectionStringError(`the database name "${database}" contains "/"`);

  for (const key of query.keys()) {
    if (!KNOWN_PARAMETERS.has(key)) {
      throw new ConnectionStringError(
        `unknown parameter "${key}"; accepted: ${[...KNOWN_PARAMETERS].sort().join(', ')}`,
      );
    }
  }

  const fromAuthority = parseHostAndPort(hostPart);
  const hostParam = query.get('host') ?? undefined;
  const socketDir = hostParam?.startsWith('/') ? hostParam : undefined;
  const host = socketDir ? undefined : (hostParam ?? fromAuthority.host);
  if (!host && !socketDir) {
    throw new ConnectionStringError('no host: give one after "@" or as ?host=/path/to/socket/directory');
  }
  const portParam = query.get('port');
  const port = portParam ? parseWholeNumber('port', portParam, 1, 65535) : (fromAuthority.port ?? DEFAULT_PORT);

  const sslmodeRaw = query.get('sslmode') ?? 'prefer'; // libpq's default
  if (!(SSL_MODES as readonly string[]).includes(sslmodeRaw)) {
    throw new ConnectionStringError(`sslmode "${sslmodeRaw}" is not one of ${SSL_MODES.join(', ')}`);
  }

  const optionalNumber = (name: string, min: number) => {
    const raw = query.get(name);
    return raw === null ? undefined : parseWholeNumber(name, raw, min);
  };

  return {
    user,
    password,
    host,
    socketDir,
    port,
    database,
    sslmode: sslmodeRaw as SslMode,
    sslcert: query.get('sslcert') ?? undefined,
    sslkey: query.get('sslkey') ?? undefined,
    sslrootcert: query.get('sslrootcert') ?? undefined,
    pool: {
      poolSize: optionalNumber('pool_size', 1),
      maxOverflow: optionalNumber('max_overflow', 0),
      poolTimeoutSeconds: optionalNumber('pool_timeout', 1),
      poolRecycleSeconds: optionalNumber('pool_recycle', 1),
    },
    connectTimeoutSeconds: optionalNumber('connect_timeout', 1),
    applicationName: query.get('application_name') ?? undefined,
  };
}

/** Where the server is, for messages: never includes credentials. */
export function describeServer(connection: ParsedConnection): string {
  const where = connection.socketDir ? `socket ${connection.socketDir}` : `${connection.host}:${connection.port}`;
  return `${where}/${connection.database}`;
}

/**
 * The string with its password replaced by "****". Works on text that is not a valid connection string too
 * (a log line, an error message), so it is safe to call on anything that might contain one.
 */
export function redactConnectionString(text: string): string {
  return text.replace(
    /(postgres(?:ql)?:\/\/[^\s:/?#@]*(?:@[^\s:/?#@]*)?):([^\s/?#]*)@(?=[^\s@]*(?:[/?#\s]|$))/gi,
    '$1:****@',
  );
}

/** Rebuilds a libpq-compatible URL (for psql and pg_dump), keeping only parameters libpq understands. */
export function toLibpqUrl(connection: ParsedConnection): string {
  const credentials =
    encodeURIComponent(connection.user) +
    (connection.password === undefined ? '' : `:${encodeURIComponent(connection.password)}`);
  const host = connection.host ? (connection.host.includes(':') ? `[${connection.host}]` : connection.host) : '';
  const params = new URLSearchParams();
  if (connection.socketDir) {
    params.set('host', connection.socketDir);
    params.set('port', String(connection.port));
  }
  params.set('sslmode', connection.sslmode);
  if (connection.sslcert) params.set('sslcert', connection.sslcert);
  if (connection.sslkey) params.set('sslkey', connection.sslkey);
  if (connection.sslrootcert) params.set('sslrootcert', connection.sslrootcert);
  if (connection.connectTimeoutSeconds) params.set('connect_timeout', String(connection.connectTimeoutSeconds));
  if (connection.applicationName) params.set('application_name', connection.applicationName);
  const authority = connection.socketDir ? '' : `${host}:${connection.port}`;
  return `postgresql://${credentials}@${authority}/${encodeURIComponent(connection.database)}?${params}`;
}
