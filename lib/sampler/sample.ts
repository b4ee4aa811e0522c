/**
 * One sample of the monitored server: every figure the on-call glance and the history charts need, taken by the
 * background sampler (lib/sampler/engine.ts). Viewers read samples; they never make the server run these queries
 * themselves. On a target's own warm connection a sample is at most nine statements (six when its slow figures are
 * carried and its server's sessions were read by another of its databases), those without values sent as one message
 * (lib/pg/dedicated-connection.ts); at a thousand targets a round is what the watched servers spend most on, so every
 * statement is the cheapest form of its figures (bench/sample-cost.ts), and the read of the server's sessions is
 * shared by the watched databases of one server (lib/sampler/shared-reads.ts).
 */
import 'server-only';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { activityGlanceOf, getServerActivity, type ConnectionSummary, type ServerActivity } from '../pg/activity';
import { getCacheHitRatio, type CacheHitRatio } from '../pg/cache';
import { getDatabaseCounters, type DatabaseCounters } from '../pg/database';
import { countLocksByMode } from '../pg/locks';
import { getRecoveryStatus, getReplicationSummary, type RecoveryStatus } from '../pg/replication';
import { getServerIdentity, getServerInfo } from '../pg/server';
import { getDatabaseSize, type DatabaseSize } from '../pg/space';
import { countSlowStatements } from '../pg/statements';
import type { SharedReads } from './shared-reads';

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
  /**
   * When `database` and `slowQueries` were read, if before `takenAt`: the sampler reads them every
   * SLOW_FIGURES_EVERY samples of a target and carries them in between. Absent: read with the rest.
   */
  slowFiguresAt?: string;
  /**
   * When the sessions' figures (connections, longRunning, idleInTransaction, blockedSessions) were read, if before
   * this sample began: a read of the server shared with another of its databases (lib/sampler/shared-reads.ts).
   * Absent: read by this sample.
   */
  sessionsAt?: string;
}

/**
 * The figures of a sample that change slowly and cost the most to read: the database's size (a stat() of each of
 * its files) and the slow-statement count (a scan of every pg_stat_statements entry of the whole server, about as
 * long as the rest of the sample together on a server of 250 databases). A mean time since the last reset and a
 * database's size move little in a minute, so the sampler reads them every SLOW_FIGURES_EVERY samples (once a
 * minute at the 15 s default) and carries them, with the time they were read, in between.
 */
export interface SlowFigures {
  database: DatabaseSize;
  slowQueries: Sample['slowQueries'];
  readAt: string;
}
export const SLOW_FIGURES_EVERY = 4;

export function slowFiguresOf(sample: Sample): SlowFigures {
  return { database: sample.database, slowQueries: sample.slowQueries, readAt: sample.slowFiguresAt ?? sample.takenAt };
}

async function slowQueriesOrNull(thresholdMs: number): Promise<Sample['slowQueries']> {
  try {
    return { count: await countSlowStatements(thresholdMs), thresholdMs };
  } catch (error) {
    if (error instanceof AppError && error.code === 'extension_missing') return null;
    throw error;
  }
}

async function readSlowFigures(slowQueryMs: number): Promise<SlowFigures> {
  const [database, slowQueries] = await Promise.all([getDatabaseSize(), slowQueriesOrNull(slowQueryMs)]);
  return { database, slowQueries, readAt: new Date().toISOString() };
}

/**
 * The sessions' figures of this database: from a read of its server shared with the server's other watched databases
 * when `shared` is given (the sampler's), else read now; with the time of the read when it is older than `since`.
 */
async function readActivity(longRunningSeconds: number, shared: SharedReads<ServerActivity> | undefined, since: Date) {
  const load = () => getServerActivity(longRunningSeconds);
  const identity = await getServerIdentity();
  const read = shared ? await shared.read(identity.server, load) : { value: await load(), readAt: since };
  return {
    glance: activityGlanceOf(read.value, identity.database),
    readAt: read.readAt < since ? read.readAt.toISOString() : null,
  };
}

/**
 * One sample of the target queries go to now (lib/pg/client.ts withTarget; the primary by default), with `carried`
 * slow figures from an earlier sample of the same target instead of reading them again, and the server's sessions
 * from `sharedActivity` when given.
 */
export async function takeSample(
  carried?: SlowFigures | null,
  sharedActivity?: SharedReads<ServerActivity>,
): Promise<Sample> {
  const env = getEnv();
  const startedAt = new Date();
  const [server, slow, { glance: activity, readAt: sessionsAt }, cache, counters, replication, locks, recovery] =
    await Promise.all([
      getServerInfo(),
      carried ?? readSlowFigures(env.SLOW_QUERY_MS),
      readActivity(env.LONG_RUNNING_SECONDS, sharedActivity, startedAt),
      getCacheHitRatio(),
      getDatabaseCounters(),
      getReplicationSummary(),
      countLocksByMode(),
      getRecoveryStatus(),
    ]);
  return {
    takenAt: new Date().toISOString(),
    server: {
      version: server.version,
      startedAt: server.startedAt.toISOString(),
      maxConnections: server.maxConnections,
      superuserReservedConnections: server.superuserReservedConnections,
    },
    database: slow.database,
    connections: activity.connections,
    longRunning: { ...activity.longRunning, thresholdSeconds: env.LONG_RUNNING_SECONDS },
    idleInTransaction: activity.idleInTransaction,
    blockedSessions: activity.blockedSessions,
    slowQueries: slow.slowQueries,
    cache,
    counters,
    replication,
    locks,
    recovery,
    ...(carried ? { slowFiguresAt: carried.readAt } : {}),
    ...(sessionsAt ? { sessionsAt } : {}),
  };
}
