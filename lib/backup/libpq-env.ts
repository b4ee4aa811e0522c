/**
 * The environment pg_dump and pg_restore run with: the parsed connection as libpq variables, so the password
 * never appears on a command line (visible in `ps`) and no inherited PG* variable changes the target.
 */
import type { ParsedConnection } from '../config/connection-string';

export function libpqEnvironment(connection: ParsedConnection, database: string = connection.database): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // English messages: the console reads pg_dump's progress and error lines.
    LC_ALL: 'C',
    PGHOST: connection.host ?? connection.socketDir,
    PGPORT: String(connection.port),
    PGUSER: connection.user,
    PGDATABASE: database,
    PGSSLMODE: connection.sslmode,
    PGAPPNAME: 'halcytone-console backup',
  };
  if (connection.password !== undefined) env.PGPASSWORD = connection.password;
  if (connection.sslcert) env.PGSSLCERT = connection.sslcert;
  if (connection.sslkey) env.PGSSLKEY = connection.sslkey;
  if (connection.sslrootcert) env.PGSSLROOTCERT = connection.sslrootcert;
  if (connection.connectTimeoutSeconds) env.PGCONNECT_TIMEOUT = String(connection.connectTimeoutSeconds);
  return env;
}
