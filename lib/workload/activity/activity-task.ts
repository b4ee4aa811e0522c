/**
 * The workload collector's active-session task (lib/workload/collector.ts): every ACTIVITY_SAMPLE_SECONDS, per
 * target, one grouped read of pg_stat_activity (sampleActiveSessions), summed in memory and written once per
 * complete minute; and, only when a sample finds a session waiting on a lock, the blocking tree of that moment
 * (findBlockingPairs — pg_blocking_pids takes the lock manager's partition locks, so it is not run otherwise).
 * Both reads are of the whole server, not of the target's database: the watched databases of one server visited
 * within half an interval share them (lib/sampler/shared-reads.ts) — at 250 databases a server, one read where there
 * were 250, each costing in proportion to the server's sessions (bench/sample-cost.ts). The complete minutes of
 * every target are written once per tick, after its visits, in one transaction (afterTick).
 *
 * The minute in progress lives in this process's memory: when the collector stops (a restart, another process
 * taking the lead) that partial minute is lost, and the chart shows it missing rather than wrong. Minutes the
 * store could not take (an outage of the console database) are kept for MINUTES_KEPT_IN_MEMORY and retried.
 */
import 'server-only';
import { getEnv, type Env } from '../../env';
import { sampleActiveSessions, type ActiveSessionGroup } from '../../pg/activity';
import { findBlockingPairs, type BlockingPair } from '../../pg/locks';
import { getServerIdentity } from '../../pg/server';
import { SharedReads } from '../../sampler/shared-reads';
import type { WorkloadTask } from '../collector';
import { insertActivityMinutes, recordLockWaits, retireActivityHistory } from './activity-store';
import { toLockWaitSnapshots } from './lock-wait-snapshot';
import { MinuteAccumulator } from './minute-accumulator';

/** Minutes held per target while the store is unreachable, complete or not. */
const MINUTES_KEPT_IN_MEMORY = 15;

/**
 * A root seen again within this many sample intervals continues its episode; later, it starts a new one. Three,
 * so one slow or skipped visit does not split an episode in two.
 */
const EPISODE_GAP_INTERVALS = 3;

export interface ActivityHistoryTask extends WorkloadTask {
  /** Writes the minutes of every target complete at `now`, in one transaction (the collector's afterTick). */
  afterTick(now: Date): Promise<void>;
}

/** One sample of the server's active sessions, and the blocking pairs when one of them waits on a lock. */
interface ServerSessions {
  groups: ActiveSessionGroup[];
  blocking: BlockingPair[] | null;
}

async function readServerSessions(): Promise<ServerSessions> {
  const groups = await sampleActiveSessions();
  const waitsOnLock = groups.some((group) => group.waitClass === 'Lock');
  return { groups, blocking: waitsOnLock ? await findBlockingPairs() : null };
}

export function createActivityHistoryTask(
  settings: () => Pick<Env, 'ACTIVITY_SAMPLE_SECONDS'> = getEnv,
): ActivityHistoryTask {
  const minutes = new Map<string, MinuteAccumulator>();
  // Half an interval: the databases of a server visited in one tick share a read; a target's next visit reads anew.
  const shared = new SharedReads<ServerSessions>((settings().ACTIVITY_SAMPLE_SECONDS * 1000) / 2);
  const accumulatorOf = (target: string) =>
    minutes.get(target) ?? minutes.set(target, new MinuteAccumulator()).get(target)!;

  async function flush(now: Date): Promise<void> {
    const batch = [...minutes].map(([target, accumulator]) => ({ target, minutes: accumulator.takeCompleted(now) }));
    try {
      await insertActivityMinutes(batch);
      // A target no longer visited (handed over, removed) has nothing left: forget it.
      for (const [target, accumulator] of minutes) if (accumulator.size === 0) minutes.delete(target);
    } catch (error) {
      for (const { target, minutes: complete } of batch)
        accumulatorOf(target).restore(complete, MINUTES_KEPT_IN_MEMORY);
      throw error;
    }
  }

  return {
    name: 'activity',
    intervalMs: (env) => env.ACTIVITY_SAMPLE_SECONDS * 1000,
    afterTick: flush,
    async collect(target, now) {
      const { server } = await getServerIdentity();
      const { value: sessions } = await shared.read(server, readServerSessions, now.getTime());
      accumulatorOf(target.name).add(now, sessions.groups);
      if (sessions.blocking) {
        const gapMs = EPISODE_GAP_INTERVALS * settings().ACTIVITY_SAMPLE_SECONDS * 1000;
        await recordLockWaits(target.name, toLockWaitSnapshots(sessions.blocking), now, gapMs);
      }
    },
    retire: async (env, now) => {
      await retireActivityHistory(env.STATEMENT_HISTORY_DAYS, now);
    },
  };
}
