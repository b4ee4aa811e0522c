/**
 * The server itself: version, uptime and connection limits.
 */
import 'server-only';
import { z } from 'zod';
import { askOncePerConnection, queryOne } from './client';
import { float, int, text, timestamp } from './rows';

const serverInfoRow = z.object({
  version: text,
  /** server_version_num, e.g. 150017. Reports choose version-specific SQL from client.ts getServerVersionNum (cached). */
  versionNum: int,
  startedAt: timestamp,
  uptimeSeconds: float,
  maxConnections: int,
  superuserReservedConnections: int,
});
export type ServerInfo = z.output<typeof serverInfoRow>;

export async function getServerInfo(): Promise<ServerInfo> {
  // pg_postmaster_start_time(): PostgreSQL docs, "System Information Functions".
  return queryOne(
    serverInfoRow,
    `
    SELECT
      current_setting('server_version') AS "version",
      current_setting('server_version_num') AS "versionNum",
      pg_postmaster_start_time() AS "startedAt",
      extract(epoch FROM now() - pg_postmaster_start_time()) AS "uptimeSeconds",
      current_setting('max_connections') AS "maxConnections",
      current_setting('superuser_reserved_connections') AS "superuserReservedConnections"
  `,
  );
}

const serverIdentityRow = z.object({ server: text, database: text });

/**
 * Which server a connection reads, as a key, and which of its databases: the watched databases of one server share
 * a read of its sessions (lib/sampler/shared-reads.ts). Read from the server, not the URL — a pooler may route two
 * databases of one host:port to different servers. The postmaster's start time (to the microsecond) and port tell
 * servers apart, a restart makes a new key; the role is part of it because what pg_stat_activity shows of other
 * roles' sessions depends on it (pg_read_all_stats). Asked once per connection (or pool) and forgotten after any
 * failure on it, so a sample's read of the sessions goes out with its other statements.
 */
export async function getServerIdentity(): Promise<{ server: string; database: string }> {
  return askOncePerConnection(
    'identity',
    serverIdentityRow,
    `
    SELECT
      concat_ws('/', pg_postmaster_start_time(), current_setting('port'), current_user) AS "server",
      current_database() AS "database"
  `,
  );
}
