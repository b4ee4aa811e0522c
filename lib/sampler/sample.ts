/**
 * One sample of the monitored server: every figure the on-call glance and the history charts need, taken by the
 * single background sampler. Viewers read samples; they never make the server run these queries themselves.
 */
import 'server-only';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { getActivityGlance, type ConnectionSummary } from '../pg/activity';
import { getCacheHitRatio, type CacheHitRatio } from '../pg/cache';
import { getDatabaseCounters, type DatabaseCounters } from '../pg/database';
import { countLocksByMode } from '../pg/locks';
import { getRecoveryStatus, listReplicas, type RecoveryStatus } from '../pg/replication';
import { getServerInfo } from '../pg/server';
import { getDatabaseSize, type DatabaseSize } from '../pg/space';
import { countSlowStatements } from '../pg/statements';

export interface Sample {
  takenAt: string;
  server: { version: string; startedAt: string; maxConnections: number; superuserReservedConnections: number };
  database: DatabaseSize;
  connections: ConnectionSummary;
  longRunning: { count: number; longestSeconds: number | null; thresholdSeconds: number };
  idleInTransaction: number;
  blockedSessions: number;
  /** null when pg_stat_statements is unavailable. */
  slowQueries: { count: number; thresholdMs: number } | null;
  cache: CacheHitRatio;
  counters: DatabaseCounters;
  replication: { replicas: number; maxLagSeconds: number | null };
  /** Locks in this database by mode; absent in samples taken before it was added. */
  locks?: Record<string, number>;
  /** Whether the server is a standby and how far behind; absent in samples taken before targets were added. */
  recovery?: RecoveryStatus;
  /**
   * Statements the workload history judged slower than their 7-day baseline (lib/workload/statements/
   * regressions.ts), attached by the sampling round from the console store; absent when it could not be read.
   */
  regressions?: number;
}

async function slowQueriesOrNull(thresholdMs: number): Promise<Sample['slowQueries']> {
  try {
    return { count: await countSlowStatements(thresholdMs), thresholdMs };
  } catch (error) {
    if (error instanceof AppError && error.code === 'extension_missing') return null;
    throw error;
  }
}

/** One sample of the target queries go to now (lib/pg/client.ts withTarget; the primary by default). */
export async function takeSample(): Promise<Sample> {
  const env = getEnv();
  const [server, database, activity, slowQueries, cache, counters, replicas, locks, recovery] = await Promise.all([
    getServerInfo(),
    getDatabaseSize(),
    getActivityGlance(env.LONG_RUNNING_SECONDS),
    slowQueriesOrNull(env.SLOW_QUERY_MS),
    getCacheHitRatio(),
    getDatabaseCounters(),
    listReplicas(),
    countLocksByMode(),
    getRecoveryStatus(),
  ]);
  const lags = replicas.map((replica) => replica.replayLagSeconds).filter((lag): lag is number => lag !== null);
  return {
    takenAt: new Date().toISOString(),
    server: {
      version: server.version,
      startedAt: server.startedAt.toISOString(),
      maxConnections: server.maxConnections,
      superuserReservedConnections: server.superuserReservedConnections,
    },
    database,
    connections: activity.connections,
    longRunning: { ...activity.longRunning, thresholdSeconds: env.LONG_RUNNING_SECONDS },
    idleInTransaction: activity.idleInTransaction,
    blockedSessions: activity.blockedSessions,
    slowQueries,
    cache,
    counters,
    replication: {
      replicas: replicas.length,
      maxLagSeconds: lags.length ? Math.max(...lags) : replicas.length ? 0 : null,
    },
    locks,
    recovery,
  };
}
