/**
 * Active session history and lock-wait episodes (lib/workload/activity): real sessions sleep and wait for a row
 * lock, the collector's task samples them, and what it stores must say exactly that — N sessions per sample in the
 * right wait class, one episode with its tree (blocker, waiter, mode, relation) and no literal values — and
 * retention drops whole day partitions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPrisma } from '@/lib/db';
import { withTarget } from '@/lib/pg/client';
import type { Target } from '@/lib/targets/registry';
import { ensureDayPartitions, listPartitions } from '@/lib/workload/day-partitions';
import { partitionName } from '@/lib/workload/partition-names';
import { insertActivityMinutes, retireActivityHistory } from '@/lib/workload/activity/activity-store';
import { createActivityHistoryTask } from '@/lib/workload/activity/activity-task';
import { listLockWaitEpisodes } from '@/lib/workload/activity/lock-wait-history';
import { startOfMinute } from '@/lib/workload/activity/minute-accumulator';
import { getWaitClassDrillDown, getWaitClassSeries } from '@/lib/workload/activity/wait-history';
import { parseWindow, type TimeWindow } from '@/lib/workload/window';
import { backendPid, openSession, waitForState } from '../support/sessions';
import { withClient } from '../support/sql';
import { testTarget } from '../support/targets';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** What the collector does on each visit: the task's collect with its queries sent to the target. */
const visit = (task: ReturnType<typeof createActivityHistoryTask>, target: Target, at: Date) =>
  withTarget(target, () => task.collect(target, at));

const rowsOf = async (text: string, values: unknown[]) => withClient(async (c) => (await c.query(text, values)).rows);

describe('active session history', () => {
  const target = testTarget('ash-sleepers');
  const SLEEPERS = 3;
  const SAMPLES = 4;

  it('stores, per minute, N sessions per sample in the wait class they are in, with their queryid', async () => {
    const sleepers = await Promise.all(Array.from({ length: SLEEPERS }, () => openSession('ash-sleeper')));
    const pids = await Promise.all(sleepers.map(backendPid));
    const sleeping = sleepers.map((s) => s.query('SELECT pg_sleep(30) /* ash-test */').catch(() => undefined));
    const task = createActivityHistoryTask(() => ({ ACTIVITY_SAMPLE_SECONDS: 5 }));
    // A minute of the past, so it is complete: the task files samples under the minute of the time it is given.
    const minute = new Date(startOfMinute(new Date()).getTime() - 3 * MINUTE);
    try {
      for (const pid of pids) await waitForState(pid, 'active', 'Timeout');
      for (let i = 0; i < SAMPLES; i++) await visit(task, target, new Date(minute.getTime() + (5 + 5 * i) * SECOND));
      const [{ query_id: queryId }] = await rowsOf(`SELECT query_id::text FROM pg_stat_activity WHERE pid = $1`, [
        pids[0],
      ]);

      await task.afterTick(new Date(minute.getTime() + MINUTE));

      expect(
        await rowsOf(
          `SELECT wait_class, wait_event, state, queryid::text, username, sessions
           FROM console.activity_minute WHERE target = $1 AND minute = $2 AND application = 'ash-sleeper'`,
          [target.name, minute],
        ),
      ).toEqual([
        {
          wait_class: 'Timeout',
          wait_event: 'PgSleep',
          state: 'active',
          queryid: queryId,
          username: 'postgres',
          sessions: SLEEPERS * SAMPLES,
        },
      ]);
      expect(queryId).not.toBeNull();
      expect(
        await rowsOf(`SELECT samples FROM console.activity_sample WHERE target = $1 AND minute = $2`, [
          target.name,
          minute,
        ]),
      ).toEqual([{ samples: SAMPLES }]);
      // The console's own sessions are never counted.
      expect(
        await rowsOf(
          `SELECT count(*)::int AS n FROM console.activity_minute WHERE target = $1 AND application LIKE 'halcytone-console%'`,
          [target.name],
        ),
      ).toEqual([{ n: 0 }]);

      // Read back: SLEEPERS average active sessions in Timeout for that minute, and the statement and user behind it,
      // with the text the statement history recorded for its queryid.
      await getPrisma()
        .$executeRaw`INSERT INTO console.statement_text (target, queryid, query, first_seen) VALUES (${target.name}, ${queryId}::bigint, 'SELECT pg_sleep($1)', now())`;
      const now = new Date(minute.getTime() + 2 * MINUTE);
      const lastQuarter = parseWindow({ range: '15m' }, now).window;
      const series = await getWaitClassSeries(target.name, lastQuarter);
      expect(series.points.find((point) => point.t === minute.getTime())).toMatchObject({ Timeout: SLEEPERS });
      expect(series.classes.find((c) => c.waitClass === 'Timeout')).toMatchObject({
        sessionSamples: SLEEPERS * SAMPLES,
        average: SLEEPERS,
      });
      const drillDown = await getWaitClassDrillDown(target.name, lastQuarter, 'Timeout');
      expect(drillDown.events).toEqual([{ key: 'PgSleep', average: SLEEPERS }]);
      expect(drillDown.statements).toEqual([{ key: queryId, average: SLEEPERS, query: 'SELECT pg_sleep($1)' }]);
      expect(drillDown.users).toEqual([{ key: 'postgres', average: SLEEPERS }]);
    } finally {
      await withClient((c) => c.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]));
      await Promise.all(sleeping);
      await Promise.all(sleepers.map((s) => s.end()));
    }
  });

  it('reads the server once for the watched databases on it visited at the same moment, and writes their minutes at once', async () => {
    const [a, b] = [testTarget('ash-shared-a'), testTarget('ash-shared-b')];
    const sleepers = await Promise.all([openSession('ash-shared'), openSession('ash-shared')]);
    const pids = await Promise.all(sleepers.map(backendPid));
    const sleeping = sleepers.map((s) => s.query('SELECT pg_sleep(30)').catch(() => undefined));
    const task = createActivityHistoryTask(() => ({ ACTIVITY_SAMPLE_SECONDS: 5 }));
    const minute = new Date(startOfMinute(new Date()).getTime() - 7 * MINUTE);
    const reads = async () =>
      (
        await rowsOf(
          `SELECT coalesce(sum(calls), 0)::int AS calls FROM pg_stat_statements
           WHERE query LIKE '%starts_with(coalesce(application_name%' AND query LIKE '%"waitClass"%'`,
          [],
        )
      )[0].calls;
    try {
      for (const pid of pids) await waitForState(pid, 'active', 'Timeout');
      await withClient((c) => c.query('SELECT pg_stat_statements_reset()'));
      const at = new Date(minute.getTime() + 5 * SECOND);
      await Promise.all([visit(task, a, at), visit(task, b, at)]);
      expect(await reads()).toBe(1);
      // The next visit, an interval later, reads afresh.
      await visit(task, a, new Date(at.getTime() + 5 * SECOND));
      expect(await reads()).toBe(2);
      const next = new Date(minute.getTime() + MINUTE);
      await task.afterTick(next);
      // Both targets' minutes in one write: a transaction a tick, not one per target.
      const [{ calls: writes }] = await rowsOf(
        `SELECT coalesce(sum(calls), 0)::int AS calls FROM pg_stat_statements
         WHERE query LIKE '%INSERT INTO console.activity_minute%' AND query NOT LIKE '%pg_stat_statements%'`,
        [],
      );
      expect(writes).toBe(1);
      const stored = (target: Target) =>
        rowsOf(
          `SELECT wait_class, sessions FROM console.activity_minute WHERE target = $1 AND minute = $2 AND application = 'ash-shared'`,
          [target.name, minute],
        );
      // Each its own rows from the one read: two sleepers per sample (two samples of a, one of b).
      expect(await stored(a)).toEqual([{ wait_class: 'Timeout', sessions: 4 }]);
      expect(await stored(b)).toEqual([{ wait_class: 'Timeout', sessions: 2 }]);
    } finally {
      await withClient((c) => c.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]));
      await Promise.all(sleeping);
      await Promise.all(sleepers.map((s) => s.end()));
    }
  });

  it('counts a minute in which nothing was active as samples without sessions', async () => {
    const quiet = testTarget('ash-quiet');
    const task = createActivityHistoryTask(() => ({ ACTIVITY_SAMPLE_SECONDS: 5 }));
    const minute = new Date(startOfMinute(new Date()).getTime() - 5 * MINUTE);
    await visit(task, quiet, new Date(minute.getTime() + 5 * SECOND));
    await visit(task, quiet, new Date(minute.getTime() + 10 * SECOND));
    // The next minute's first tick writes the complete one, after its visit.
    const next = new Date(minute.getTime() + MINUTE + SECOND);
    await visit(task, quiet, next);
    await task.afterTick(next);
    expect(await rowsOf(`SELECT minute, samples FROM console.activity_sample WHERE target = $1`, [quiet.name])).toEqual(
      [{ minute, samples: 2 }],
    );
  });
});

describe('lock-wait episodes', () => {
  beforeAll(async () => {
    await withClient(async (c) => {
      await c.query('CREATE TABLE IF NOT EXISTS ash_lock_probe (id int PRIMARY KEY, v text)');
      await c.query(`INSERT INTO ash_lock_probe VALUES (1, 'start') ON CONFLICT DO NOTHING`);
    });
  });
  afterAll(() => withClient((c) => c.query('DROP TABLE IF EXISTS ash_lock_probe')));

  it('stores one episode per blocking root across consecutive samples, with its tree and no literal values', async () => {
    const target = testTarget('ash-locks');
    const holder = await openSession('ash-holder');
    const waiter = await openSession('ash-waiter');
    const holderPid = await backendPid(holder);
    const waiterPid = await backendPid(waiter);
    await holder.query('BEGIN');
    await holder.query(`UPDATE ash_lock_probe SET v = 'holder-secret' WHERE id = 1`);
    const waiting = waiter.query(`UPDATE ash_lock_probe SET v = 'waiter-secret' WHERE id = 1`);
    const task = createActivityHistoryTask(() => ({ ACTIVITY_SAMPLE_SECONDS: 5 }));
    const first = new Date();
    try {
      await waitForState(waiterPid, 'active', 'Lock');
      await visit(task, target, first);
      await visit(task, target, new Date(first.getTime() + 5 * SECOND));

      const lastQuarter = parseWindow({ range: '15m' }, new Date(first.getTime() + MINUTE)).window;
      const { episodes, next } = await listLockWaitEpisodes(target.name, lastQuarter, null);
      expect(next).toBeNull();
      expect(episodes).toHaveLength(1);
      const [episode] = episodes;
      expect(episode).toMatchObject({
        rootPid: holderPid,
        rootUser: 'postgres',
        samples: 2,
        maxWaiting: 1,
        firstSeen: first,
        lastSeen: new Date(first.getTime() + 5 * SECOND),
      });
      expect(episode.tree).toMatchObject({
        pid: holderPid,
        user: 'postgres',
        query: 'UPDATE ash_lock_probe SET v = ? WHERE id = ?',
        blocks: [
          {
            pid: waiterPid,
            user: 'postgres',
            query: 'UPDATE ash_lock_probe SET v = ? WHERE id = ?',
            waitsFor: { lockMode: 'ShareLock', relation: 'ash_lock_probe' },
            blocks: [],
          },
        ],
      });
      const [stored] = await rowsOf(`SELECT tree::text FROM console.lock_wait_episode WHERE id = $1`, [episode.id]);
      expect(stored.tree).not.toMatch(/secret/);

      // Seen again after more than three sample intervals without it: a new episode.
      await visit(task, target, new Date(first.getTime() + 40 * SECOND));
      const later = await listLockWaitEpisodes(target.name, lastQuarter, null);
      expect(later.episodes.map((e) => [e.rootPid, e.samples])).toEqual([
        [holderPid, 1],
        [holderPid, 2],
      ]);
    } finally {
      await holder.query('ROLLBACK');
      await waiting;
      await Promise.all([holder.end(), waiter.end()]);
    }
  });

  it('pages episodes newest first', async () => {
    const target = 'ash-pages';
    const base = new Date(Date.now() - 10 * MINUTE);
    await getPrisma().$executeRaw`
      INSERT INTO console.lock_wait_episode
        (target, root_pid, root_started_at, root_user, first_seen, last_seen, samples, max_waiting, max_wait_seconds, tree)
      SELECT ${target}, g, NULL, 'app', ${base}::timestamptz + g * interval '1 second', ${base}::timestamptz + g * interval '1 second',
             1, 1, 1, jsonb_build_object('pid', g, 'user', 'app', 'query', 'SELECT ?', 'blocks', '[]'::jsonb)
      FROM generate_series(1, 45) AS g`;
    const seen: number[] = [];
    let cursor = null;
    for (let page = 0; page < 5; page++) {
      const result = await listLockWaitEpisodes(target, parseWindow({ range: '1h' }).window, cursor);
      seen.push(...result.episodes.map((e) => e.rootPid));
      if (!result.next) break;
      cursor = { firstSeen: new Date(result.next.split('_')[0]), id: result.next.split('_')[1] };
    }
    expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => 45 - i));
  });
});

describe('a range given as from/to', () => {
  const target = 'ash-window';
  // Whole hours ago, so the rows are complete minutes and the window's boundaries fall on bucket boundaries.
  const base = new Date(Math.floor(Date.now() / (60 * MINUTE)) * 60 * MINUTE - 5 * 60 * MINUTE);
  const at = (minutes: number) => new Date(base.getTime() + minutes * MINUTE);
  const dragged = (from: number, to: number): TimeWindow => ({ from: at(from), to: at(to), range: null });
  const group = (waitClass: string, sessions: number) => ({
    waitClass,
    waitEvent: waitClass === 'Lock' ? 'transactionid' : null,
    state: 'active',
    queryId: null,
    user: 'app',
    application: 'web',
    sessions,
  });

  beforeAll(async () => {
    // Four hours of minutes, each with its own figures, so a row too many or too few changes every sum; Lock waits
    // in the minutes on either side of the short window and one inside it.
    await insertActivityMinutes([
      {
        target,
        minutes: Array.from({ length: 240 }, (_, i) => ({
          minute: at(i),
          samples: 12 - (i % 3),
          groups: [group('CPU', i + 1), ...([9, 15, 20].includes(i) ? [group('Lock', 100 + i)] : [])],
        })),
      },
    ]);
  });

  /** What the store holds in [from, to): samples, session samples per class and the minutes sampled. */
  const stored = async (window: TimeWindow) => {
    const range = [target, window.from, window.to];
    const [{ samples }] = await rowsOf(
      `SELECT sum(samples)::int AS samples FROM console.activity_sample WHERE target = $1 AND minute >= $2 AND minute < $3`,
      range,
    );
    const classes = await rowsOf(
      `SELECT wait_class AS "waitClass", sum(sessions)::int AS "sessionSamples"
       FROM console.activity_minute WHERE target = $1 AND minute >= $2 AND minute < $3
       GROUP BY 1 ORDER BY 2 DESC`,
      range,
    );
    const minutes = await rowsOf(
      `SELECT minute FROM console.activity_sample WHERE target = $1 AND minute >= $2 AND minute < $3 ORDER BY 1`,
      range,
    );
    return { samples, classes, minutes: minutes.map((row) => (row.minute as Date).getTime()) };
  };

  it('reads exactly the minute rows inside a short window, a point per minute', async () => {
    const window = dragged(10, 20);
    const series = await getWaitClassSeries(target, window);
    const expected = await stored(window);
    expect(expected.minutes).toHaveLength(10);
    expect(series.samples).toBe(expected.samples);
    expect(series.classes.map(({ waitClass, sessionSamples }) => ({ waitClass, sessionSamples }))).toEqual(
      expected.classes,
    );
    // Only minute 15's Lock waits: those of minutes 9 and 20, just outside, are not counted.
    expect(series.classes.find((c) => c.waitClass === 'Lock')?.sessionSamples).toBe(115);
    expect(series.points.map((point) => point.t)).toEqual(expected.minutes);
    expect(series.points[5]).toEqual({ t: at(15).getTime(), CPU: 16 / 12, Lock: 115 / 12 });

    const drillDown = await getWaitClassDrillDown(target, window, 'Lock');
    expect(drillDown.events).toEqual([{ key: 'transactionid', average: 115 / expected.samples }]);
    expect(drillDown.users).toEqual([{ key: 'app', average: 115 / expected.samples }]);
  });

  it('buckets a longer window by its span and still reads only the rows inside it', async () => {
    // Three hours: 5-minute buckets (36 points).
    const window = dragged(25, 205);
    const series = await getWaitClassSeries(target, window);
    const expected = await stored(window);
    expect(expected.minutes).toHaveLength(180);
    expect(series.samples).toBe(expected.samples);
    expect(series.classes.map(({ waitClass, sessionSamples }) => ({ waitClass, sessionSamples }))).toEqual(
      expected.classes,
    );
    expect(series.points.map((point) => point.t)).toEqual(
      Array.from({ length: 36 }, (_, i) => at(25 + 5 * i).getTime()),
    );
    // A bucket's average: its session samples over its samples, both summed in SQL over its five minutes.
    const bucket = await stored(dragged(100, 105));
    expect(series.points[15]).toEqual({ t: at(100).getTime(), CPU: bucket.classes[0].sessionSamples / bucket.samples });
  });

  it('lists the lock-wait episodes seen in the window, including those that cross its edges', async () => {
    const episode = (rootPid: number, first: number, last: number) => getPrisma().$executeRaw`
      INSERT INTO console.lock_wait_episode
        (target, root_pid, root_user, first_seen, last_seen, samples, max_waiting, max_wait_seconds, tree)
      VALUES (${target}, ${rootPid}, 'app', ${at(first)}, ${at(last)}, 1, 1, 1,
              jsonb_build_object('pid', ${rootPid}::int, 'user', 'app', 'query', 'SELECT ?', 'blocks', '[]'::jsonb))`;
    await episode(1, 2, 8); // over before the window
    await episode(2, 8, 11); // runs into it
    await episode(3, 12, 13); // inside
    await episode(4, 19, 25); // runs past its end
    await episode(5, 20, 21); // starts at its end
    const window = dragged(10, 20);
    const { episodes, next } = await listLockWaitEpisodes(target, window);
    expect(next).toBeNull();
    const inSql = await rowsOf(
      `SELECT root_pid FROM console.lock_wait_episode
       WHERE target = $1 AND last_seen >= $2 AND first_seen < $3 ORDER BY first_seen DESC`,
      [target, window.from, window.to],
    );
    expect(episodes.map((e) => e.rootPid)).toEqual(inSql.map((row) => row.root_pid));
    expect(episodes.map((e) => e.rootPid)).toEqual([4, 3, 2]);
  });
});

describe('retention', () => {
  it('drops the minute partitions of days older than the retention, and older sample counts and episodes', async () => {
    const target = 'ash-retention';
    const now = new Date();
    const old = new Date(now.getTime() - 20 * DAY);
    const recent = startOfMinute(new Date(now.getTime() - 10 * MINUTE));
    await ensureDayPartitions('activity_minute', old);
    const group = {
      waitClass: 'CPU',
      waitEvent: null,
      state: 'active',
      queryId: null,
      user: 'app',
      application: 'web',
      sessions: 2,
    };
    await insertActivityMinutes([
      {
        target,
        minutes: [
          { minute: startOfMinute(old), samples: 12, groups: [group] },
          { minute: recent, samples: 12, groups: [group] },
        ],
      },
    ]);
    await getPrisma().$executeRaw`
      INSERT INTO console.lock_wait_episode
        (target, root_pid, root_user, first_seen, last_seen, samples, max_waiting, max_wait_seconds, tree)
      VALUES (${target}, 1, 'app', ${old}, ${old}, 1, 1, 1, '{"pid":1,"user":"app","query":"","blocks":[]}'),
             (${target}, 2, 'app', ${recent}, ${recent}, 1, 1, 1, '{"pid":2,"user":"app","query":"","blocks":[]}')`;

    const dropped = await retireActivityHistory(14, now);

    expect(dropped).toContain(partitionName('activity_minute', old));
    expect(await listPartitions('activity_minute')).not.toContain(partitionName('activity_minute', old));
    expect(await listPartitions('activity_minute')).toContain(partitionName('activity_minute', now));
    const left = (table: string, column: string) =>
      rowsOf(`SELECT ${column} AS at FROM console.${table} WHERE target = $1 ORDER BY 1`, [target]);
    expect(await left('activity_minute', 'minute')).toEqual([{ at: recent }]);
    expect(await left('activity_sample', 'minute')).toEqual([{ at: recent }]);
    expect(await left('lock_wait_episode', 'first_seen')).toEqual([{ at: recent }]);
  });
});
