/**
 * Writes of the active session history and lock-wait episodes to the console store (tables of
 * prisma/migrations/20261205010000_activity_history), and their retention. Reads are in ./wait-history.ts and
 * ./lock-wait-history.ts.
 */
import 'server-only';
import { getPrisma } from '../../db';
import { dropPartitionsOlderThan, ensureDayPartitions } from '../day-partitions';
import { startOfUtcDay } from '../partition-names';
import type { LockWaitSnapshot } from './lock-wait-snapshot';
import type { ActivityMinute } from './minute-accumulator';

const DAY_MS = 86_400_000;

/** The complete minutes of one target, to be written. */
export interface TargetMinutes {
  target: string;
  minutes: readonly ActivityMinute[];
}

/**
 * Writes complete minutes of any number of targets — their groups and their sample counts — in one transaction of
 * two statements: the collector writes every target's minutes of a tick at once (at a thousand targets, a
 * transaction per target was a tenth of the console's CPU in a profile of bench/fleet-sampler.ts).
 */
export async function insertActivityMinutes(batch: readonly TargetMinutes[]): Promise<void> {
  const minutes = batch.flatMap(({ target, minutes }) => minutes.map((minute) => ({ target, ...minute })));
  if (minutes.length === 0) return;
  for (const day of new Set(minutes.map(({ minute }) => startOfUtcDay(minute).getTime())))
    await ensureDayPartitions('activity_minute', new Date(day));
  const rows = minutes.flatMap(({ target, minute, groups }) => groups.map((group) => ({ target, minute, ...group })));
  const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
  const prisma = getPrisma();
  await prisma.$transaction([
    prisma.$executeRaw`
      INSERT INTO console.activity_minute
        (target, minute, wait_class, wait_event, state, queryid, username, application, sessions)
      SELECT t, m, c, e, s, q::bigint, u, a, n
      FROM unnest(
        ${column((row) => row.target)}::text[],
        ${column((row) => row.minute)}::timestamptz[],
        ${column((row) => row.waitClass)}::text[],
        ${column((row) => row.waitEvent)}::text[],
        ${column((row) => row.state)}::text[],
        ${column((row) => row.queryId)}::text[],
        ${column((row) => row.user)}::text[],
        ${column((row) => row.application)}::text[],
        ${column((row) => row.sessions)}::int[]
      ) AS g(t, m, c, e, s, q, u, a, n)`,
    // A minute written twice (a retry after a commit whose answer was lost) counts its samples once more on both
    // sides, so its averages stay right.
    prisma.$executeRaw`
      INSERT INTO console.activity_sample (target, minute, samples)
      SELECT t, m, n
      FROM unnest(
        ${minutes.map((m) => m.target)}::text[],
        ${minutes.map((m) => m.minute)}::timestamptz[],
        ${minutes.map((m) => m.samples)}::int[]
      ) AS s(t, m, n)
      ON CONFLICT (target, minute) DO UPDATE SET samples = console.activity_sample.samples + EXCLUDED.samples`,
  ]);
}

/**
 * Records one moment's lock waits. A root already seen within `continuesWithinMs` (the same session: pid and
 * backend_start) continues its episode: last seen, samples, the most sessions waiting and the longest wait are
 * updated, and the tree is replaced when more sessions wait than in any earlier sample. Otherwise a new episode
 * starts. Stateless, so an episode survives a change of collector (another console process taking the lead).
 */
export async function recordLockWaits(
  target: string,
  snapshots: readonly LockWaitSnapshot[],
  at: Date,
  continuesWithinMs: number,
): Promise<void> {
  const prisma = getPrisma();
  const continuesAfter = new Date(at.getTime() - continuesWithinMs);
  for (const snapshot of snapshots) {
    const tree = JSON.stringify(snapshot.tree);
    await prisma.$executeRaw`
      WITH continued AS (
        UPDATE console.lock_wait_episode
        SET last_seen = ${at},
            samples = samples + 1,
            tree = CASE WHEN ${snapshot.waiting} > max_waiting THEN ${tree}::jsonb ELSE tree END,
            max_waiting = greatest(max_waiting, ${snapshot.waiting}),
            max_wait_seconds = greatest(max_wait_seconds, ${snapshot.maxWaitSeconds})
        WHERE id = (
          SELECT id
          FROM console.lock_wait_episode
          WHERE target = ${target}
            AND root_pid = ${snapshot.rootPid}
            AND root_started_at IS NOT DISTINCT FROM ${snapshot.rootStartedAt}::timestamptz
            AND last_seen >= ${continuesAfter}
          ORDER BY last_seen DESC
          LIMIT 1
        )
        RETURNING id
      )
      INSERT INTO console.lock_wait_episode
        (target, root_pid, root_started_at, root_user, first_seen, last_seen, samples, max_waiting, max_wait_seconds, tree)
      SELECT ${target}, ${snapshot.rootPid}, ${snapshot.rootStartedAt}::timestamptz, ${snapshot.rootUser}, ${at}, ${at},
             1, ${snapshot.waiting}, ${snapshot.maxWaitSeconds}, ${tree}::jsonb
      WHERE NOT EXISTS (SELECT 1 FROM continued)`;
  }
}

/**
 * Retention: minute rows by dropping whole day partitions; sample counts and episodes — one small row per target
 * and minute, one per episode — with a DELETE on their time index.
 */
export async function retireActivityHistory(keepDays: number, now = new Date()): Promise<string[]> {
  const dropped = await dropPartitionsOlderThan('activity_minute', keepDays, now);
  // The same boundary as the partitions': whole UTC days.
  const oldestKept = startOfUtcDay(new Date(now.getTime() - keepDays * DAY_MS));
  const prisma = getPrisma();
  await prisma.$executeRaw`DELETE FROM console.activity_sample WHERE minute < ${oldestKept}`;
  await prisma.$executeRaw`DELETE FROM console.lock_wait_episode WHERE last_seen < ${oldestKept}`;
  return dropped;
}
