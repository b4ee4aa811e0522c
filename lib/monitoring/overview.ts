/**
 * The overview's figures in one typed snapshot, each computed in lib/pg/<concern>.ts.
 */
import 'server-only';
import { getConnectionSummary, type ConnectionSummary } from '../pg/activity';
import { getCacheHitRatio, type CacheHitRatio } from '../pg/cache';
import { getServerInfo } from '../pg/server';
import { getDatabaseSize, type DatabaseSize } from '../pg/space';

export interface OverviewSnapshot {
  takenAt: string;
  server: { version: string; startedAt: string; uptimeSeconds: number; maxConnections: number; superuserReservedConnections: number };
  database: DatabaseSize;
  connections: ConnectionSummary;
  cache: CacheHitRatio;
}

export async function getOverviewSnapshot(): Promise<OverviewSnapshot> {
  const [server, database, connections, cache] = await Promise.all([
    getServerInfo(),
    getDatabaseSize(),
    getConnectionSummary(),
    getCacheHitRatio(),
  ]);
  return {
    takenAt: new Date().toISOString(),
    server: {
      version: server.version,
      startedAt: server.startedAt.toISOString(),
      uptimeSeconds: server.uptimeSeconds,
      maxConnections: server.maxConnections,
      superuserReservedConnections: server.superuserReservedConnections,
    },
    database,
    connections,
    cache,
  };
}
