/**
 * The server itself: version, uptime and connection limits.
 */
import 'server-only';
import { queryOne } from './client';

export interface ServerInfo {
  version: string;
  /** server_version_num, e.g. 150017: used to pick version-specific SQL. */
  versionNum: number;
  startedAt: Date;
  uptimeSeconds: number;
  maxConnections: number;
  superuserReservedConnections: number;
}

export async function getServerInfo(): Promise<ServerInfo> {
  // pg_postmaster_start_time(): PostgreSQL docs, "System Information Functions".
  const row = await queryOne<{
    version: string;
    version_num: number;
    started_at: Date;
    uptime_seconds: number;
    max_connections: number;
    superuser_reserved_connections: number;
  }>(`
    SELECT
      current_setting('server_version') AS version,
      current_setting('server_version_num')::int AS version_num,
      pg_postmaster_start_time() AS started_at,
      extract(epoch FROM now() - pg_postmaster_start_time())::float8 AS uptime_seconds,
      current_setting('max_connections')::int AS max_connections,
      current_setting('superuser_reserved_connections')::int AS superuser_reserved_connections
  `);
  return {
    version: row.version,
    versionNum: row.version_num,
    startedAt: row.started_at,
    uptimeSeconds: row.uptime_seconds,
    maxConnections: row.max_connections,
    superuserReservedConnections: row.superuser_reserved_connections,
  };
}
