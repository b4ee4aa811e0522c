/**
 * The environment pg_dump and pg_restore run with: the parsed connection as libpq variables, so the password
 * never appears on a command line (visible in `ps`) and no inherited PG* variable changes the target.
 */
import 'server-only';
import type { ParsedConnection } from '../config/connection-string';

/**
 * How long pg_dump and pg_restore may wait for a lock another session holds before the console gives up and says so:
 * a nightly backup can wait out a short migration's ACCESS EXCLUSIVE lock, never a session left open for ever.
 * pg_dump gets it as --lock-wait-timeout. pg_restore cannot take it from PGOPTIONS: every archive begins with
 * `SET lock_timeout = 0`, so the console watches pg_restore's sessions instead (lib/backup/pg-restore.ts).
 */
export const TOOL_LOCK_WAIT_MS = 60_000;

export function libpqEnvironment(
  connection: ParsedConnection,
  database: string = connection.database,
  applicationName = 'halcytone-console backup',
): Record<string, string | undefined> {
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
    PGAPPNAME: applicationName,
  };
  if (connection.password !== undefined) env.PGPASSWORD = connection.password;
  if (connection.sslcert) env.PGSSLCERT = connection.sslcert;
  if (connection.sslkey) env.PGSSLKEY = connection.sslkey;
  if (connection.sslrootcert) env.PGSSLROOTCERT = connection.sslrootcert;
  if (connection.connectTimeoutSeconds) env.PGCONNECT_TIMEOUT = String(connection.connectTimeoutSeconds);
  return env;
}
