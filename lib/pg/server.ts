/**
 * The server itself: version, uptime and connection limits.
 */
import 'server-only';
import { z } from 'zod';
import { queryOne } from './client';
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
