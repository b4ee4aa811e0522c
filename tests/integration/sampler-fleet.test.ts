/**
 * The sampling engine at fleet scale (issue 18), on the test's real PostgreSQL watched under fifty more names: a
 * round's target states are written in one statement; the sampler's connections stay within their budget and are
 * closed when idle or no longer owned; two processes (two samplers with shards that split the targets) write disjoint
 * rows and leave each other's alerts alone; a saturated console — one attempt at a time and an event loop blocked
 * past the deadline in the middle of a round — marks nothing down and raises one SamplerBehind for the process.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Shard } from '@/lib/sampler/membership';
import type { SamplerState } from '@/lib/sampler/sampler-state';
import { scrapeMetrics, seriesValue } from '../support/exposition';
import { sqlValue, withClient } from '../support/sql';

const NAMES = Array.from({ length: 50 }, (_, i) => `t${String(i).padStart(2, '0')}`);
const ALL = ['primary', ...NAMES];
/** A server that refuses connections (nothing listens on port 1): only the hand-over test's shard owns it. */
const GONE = 'gone';
const reachable = (target: string) => target !== GONE;

// Before any console module reads the environment (lib/env.ts caches it).
process.env.TARGETS = [
  ...NAMES.map((name) => `${name}=${inject('databaseUrl')}`),
  `${GONE}=postgresql://halcytone@127.0.0.1:1/halcytone_prod`,
].join(' ');

/** A shard whose share the test decides (membership is tested on its own). */
function fakeShard(memberId: number, members: number[], owns: (target: string) => boolean): Shard {
  return { memberId, refresh: async () => {}, owns, members: () => members, close: async () => {} };
}

const lib = async () => ({
  ...(await import('@/lib/sampler/fleet-round')),
  ...(await import('@/lib/targets/registry')),
  ...(await import('@/lib/targets/state')),
  ...(await import('@/lib/sampler/sampler-state')),
  ...(await import('@/lib/sampler/connections')),
  ...(await import('@/lib/alerts/store')),
});

const samplerSessions = () =>
  sqlValue<number>(`SELECT count(*)::int FROM pg_stat_activity WHERE application_name = 'halcytone-console sampler'`);
const samplerPids = () =>
  sqlValue<number[] | null>(
    `SELECT array_agg(pid ORDER BY pid) FROM pg_stat_activity WHERE application_name = 'halcytone-console sampler'`,
  );

const states: SamplerState[] = [];

async function newState(options: Parameters<Awaited<ReturnType<typeof lib>>['createSamplerState']>[0]) {
  const state = (await lib()).createSamplerState(options);
  states.push(state);
  return state;
}

beforeAll(async () => {
  await withClient((client) => client.query('DELETE FROM console.target_state; DELETE FROM console.alert_event'));
});

afterAll(async () => {
  await Promise.all(states.map((state) => state.engine.stop()));
});

describe('a round of 51 targets', () => {
  it('writes every target state in one statement, and the samples, and its own figures', async () => {
    const { sampleFleet } = await lib();
    const state = await newState({ shard: fakeShard(41, [41], reachable), intervalMs: 15_000 });
    await withClient((client) => client.query('SELECT pg_stat_statements_reset()'));
    const round = await sampleFleet(new Date(), state);
    expect(round.written).toBe(true);
    expect(round.readings.filter((r) => r.up && r.sample).map((r) => r.target)).toEqual(ALL);

    const [writes] = await withClient(async (client) => {
      const { rows } = await client.query<{ calls: string; rows: string }>(
        `SELECT sum(calls)::text AS calls, sum(rows)::text AS rows FROM pg_stat_statements
         WHERE query LIKE '%INSERT INTO console.target_state%'`,
      );
      return rows;
    });
    expect(writes).toEqual({ calls: '1', rows: '51' });
    expect(
      await sqlValue<number>(
        `SELECT count(*)::int FROM console.target_state WHERE up AND failures = 0 AND sampled_by = 41 AND missed_since IS NULL`,
      ),
    ).toBe(51);
    expect(round.stats).toMatchObject({ targets: 51, sampled: 51, failed: 0, notSampled: 0, concurrency: 16 });
    const stats = await sqlValue<{ targets: number; sampled: number }>(
      `SELECT stats FROM console.sampler_process WHERE member_id = 41`,
    );
    expect(stats).toMatchObject({ targets: 51, sampled: 51, connectionsHeld: 51, connectionBudget: 1000 });

    // Kept warm: the next round runs on the same sessions, one per target.
    const sessions = await samplerPids();
    expect(sessions).toHaveLength(51);
    await sampleFleet(new Date(), state);
    expect(await samplerPids()).toEqual(sessions);
    await state.engine.stop();
    await expect.poll(samplerSessions).toBe(0);
  });
});

describe('the connection budget', () => {
  it('never holds more than the budget, reuses what it keeps, and closes idle and unowned connections', async () => {
    const { sampleFleet, SAMPLER_APPLICATION_NAME } = await lib();
    expect(SAMPLER_APPLICATION_NAME).toBe('halcytone-console sampler');
    expect(await samplerSessions()).toBe(0);
    let owned = reachable;
    const state = await newState({
      shard: fakeShard(42, [42], (target) => owned(target)),
      intervalMs: 15_000,
      connectionBudget: 10,
      concurrency: 4,
    });
    const opened: number[] = [];
    for (let round = 0; round < 2; round++) {
      const { readings, stats } = await sampleFleet(new Date(), state);
      expect(readings.filter((r) => r.up && r.sample).length).toBe(51);
      expect(state.engine.connections.held()).toBe(10);
      await expect.poll(samplerSessions).toBeLessThanOrEqual(10);
      opened.push(stats!.connectionsOpened!);
    }
    // Targets come in the same order each round: evicting the most recently used keeps the others warm (the least
    // recently used would be the very next one needed, and every attempt would open a connection).
    expect(opened[0]).toBe(51);
    expect(opened[1]).toBeLessThanOrEqual(51 - (10 - 4));
    // Idle for more than three intervals: closed.
    state.engine.connections.closeIdle(Date.now() + 46_000);
    expect(state.engine.connections.held()).toBe(0);
    await expect.poll(samplerSessions).toBe(0);

    // No longer this process's: closed at the next reconcile.
    await sampleFleet(new Date(), state);
    expect(state.engine.connections.held()).toBe(10);
    owned = () => false;
    const round = await sampleFleet(new Date(), state);
    expect(round.readings.filter((r) => r.sample)).toEqual([]);
    expect(state.engine.connections.held()).toBe(0);
    await expect.poll(samplerSessions).toBe(0);
  });
});

describe('two console processes', () => {
  it('split the targets: each writes only its own rows and steps only its own alerts', async () => {
    const { sampleFleet, findOpenEpisodes } = await lib();
    const even = (target: string) => ALL.indexOf(target) % 2 === 0;
    const odd = (target: string) => ALL.includes(target) && !even(target);
    const a = await newState({ shard: fakeShard(51, [51, 52], even), intervalMs: 15_000 });
    const b = await newState({ shard: fakeShard(52, [51, 52], odd), intervalMs: 15_000 });
    await withClient((client) => client.query('DELETE FROM console.target_state'));

    const first = await sampleFleet(new Date(), a);
    expect(first.readings.filter((r) => r.sample).map((r) => r.target)).toEqual(ALL.filter(even));
    expect(await sqlValue<number>('SELECT count(*)::int FROM console.target_state')).toBe(26);
    await sampleFleet(new Date(), b);
    const rowsOf = (member: number) =>
      sqlValue<string>(
        `SELECT string_agg(target || '@' || checked_at::text, ',' ORDER BY target) FROM console.target_state WHERE sampled_by = $1`,
        [member],
      );
    const bRows = await rowsOf(52);

    // One of b's targets has a firing PostgreSQLDown (b's to step): a's rounds must neither resolve nor touch it.
    await withClient((client) =>
      client.query(
        `INSERT INTO console.alert_event (rule, target, severity, state, summary, value, started_at, fired_at)
         VALUES ('PostgreSQLDown', 't00', 'critical', 'firing', 'PostgreSQL is down', 0, now(), now())`,
      ),
    );
    await sampleFleet(new Date(), a);
    expect(await rowsOf(52)).toBe(bRows);
    expect((await findOpenEpisodes()).filter((e) => e.target === 't00')).toMatchObject([{ state: 'firing' }]);
    const owners = await withClient(async (client) => {
      const { rows } = await client.query<{ target: string; sampled_by: number }>(
        'SELECT target, sampled_by FROM console.target_state ORDER BY target',
      );
      return rows;
    });
    expect(owners).toHaveLength(51);
    for (const { target, sampled_by } of owners) expect(sampled_by, target).toBe(even(target) ? 51 : 52);

    // b finds t00 up at its next round and resolves the episode.
    await sampleFleet(new Date(), b);
    expect((await findOpenEpisodes()).filter((e) => e.target === 't00')).toEqual([]);

    // Both processes' figures are exported, labelled with their member ids.
    const exposition = await scrapeMetrics();
    expect(seriesValue(exposition, 'halcytone_sampler_targets', 'process="51"')).toBe(26);
    expect(seriesValue(exposition, 'halcytone_sampler_targets', 'process="52"')).toBe(25);
    expect(seriesValue(exposition, 'halcytone_sampler_targets_not_sampled', 'process="52"')).toBe(0);
    expect(seriesValue(exposition, 'pg_up', 'target="t01"')).toBe(1);
  });

  it("hands a dead process's targets to the survivor at its next round, with their failures in a row and recent figures", async () => {
    const { sampleFleet, findOpenEpisodes } = await lib();
    // b's last attempt on GONE failed once: not down yet.
    await withClient((client) =>
      client.query(
        `INSERT INTO console.target_state (target, up, checked_at, error, failures, sampled_by)
         VALUES ($1, true, now(), 'refused', 1, 52)`,
        [GONE],
      ),
    );
    const survivor = await newState({ shard: fakeShard(51, [51], () => true), intervalMs: 15_000 });
    const round = await sampleFleet(new Date(), survivor);
    const samples = round.readings.flatMap((r) => (r.sample ? [r.sample] : []));
    expect(samples).toHaveLength(51);
    // Their database sizes and slow-statement counts, read moments ago by a and b, are carried, not read again.
    for (const sample of samples) expect(sample.slowFiguresAt).toBeDefined();
    expect(await sqlValue<number>('SELECT count(*)::int FROM console.target_state WHERE sampled_by = 51')).toBe(52);
    // Its second failure in a row, counting the one b saw: down now, and PostgreSQLDown pending.
    expect(
      await sqlValue<{ up: boolean; failures: number }>(
        `SELECT json_build_object('up', up, 'failures', failures) FROM console.target_state WHERE target = $1`,
        [GONE],
      ),
    ).toEqual({ up: false, failures: 2 });
    expect((await findOpenEpisodes()).filter((e) => e.target === GONE)).toMatchObject([
      { rule: 'PostgreSQLDown', state: 'pending' },
    ]);
  });
});

describe('the slow figures', () => {
  it('reads the database size and slow-statement count every fourth sample of a target, and carries them between', async () => {
    const { sampleFleet } = await lib();
    const { SLOW_FIGURES_EVERY } = await import('@/lib/sampler/sample');
    const state = await newState({ shard: fakeShard(81, [81], (target) => target === 't00'), intervalMs: 15_000 });
    // No stored sample to start from: this process reads the slow figures at its first sample.
    await withClient((c) => c.query(`DELETE FROM console.metric_sample WHERE target = 't00'`));
    const sizeNow = async () => Number(await sqlValue<string>('SELECT pg_database_size(current_database())'));
    const samples = [];
    try {
      for (let i = 0; i <= SLOW_FIGURES_EVERY; i++) {
        const round = await sampleFleet(new Date(), state);
        samples.push(round.readings.find((reading) => reading.target === 't00')!.sample!);
        // The database grows after the first sample: the carried samples keep the size read then.
        if (i === 0)
          await withClient((c) => c.query('CREATE TABLE carried_probe AS SELECT generate_series(1, 50000) AS n'));
      }
      const [first, ...later] = samples;
      expect(first.slowFiguresAt).toBeUndefined();
      for (const carried of later.slice(0, SLOW_FIGURES_EVERY - 1)) {
        expect(carried.database).toEqual(first.database);
        expect(carried.slowQueries).toEqual(first.slowQueries);
        expect(Date.parse(carried.slowFiguresAt!)).toBeLessThanOrEqual(Date.parse(first.takenAt));
      }
      const fresh = later.at(-1)!;
      expect(fresh.slowFiguresAt).toBeUndefined();
      // Read afresh: the 1.8 MB table counted (the samples written since grow this database a little more).
      expect(fresh.database.sizeBytes).toBeGreaterThan(first.database.sizeBytes + 1_000_000);
      expect(fresh.database.sizeBytes).toBeLessThanOrEqual(await sizeNow());
    } finally {
      await withClient((c) => c.query('DROP TABLE IF EXISTS carried_probe'));
    }
  });
});

describe('one server, fifty watched databases', () => {
  it("share one read of the server's sessions, each sample saying when it was read", async () => {
    const { sampleFleet } = await lib();
    const state = await newState({ shard: fakeShard(85, [85], reachable), intervalMs: 15_000 });
    const maxAgeMs = state.engine.serverActivity.maxAgeMs;
    try {
      await withClient((client) => client.query('SELECT pg_stat_statements_reset()'));
      const startedAt = Date.now();
      const rounds = [await sampleFleet(new Date(), state), await sampleFleet(new Date(), state)];
      const elapsedMs = Date.now() - startedAt;
      const reads = await sqlValue<number>(
        `SELECT coalesce(sum(calls), 0)::int FROM pg_stat_statements
         WHERE query LIKE '%pg_stat_get_activity(%' AND query LIKE '%per_database%'`,
      );
      // 102 samples of one server: one read per age limit elapsed (and one more where a window began), not one each.
      expect(reads).toBeGreaterThanOrEqual(1);
      expect(reads).toBeLessThanOrEqual(Math.ceil(elapsedMs / maxAgeMs) + 1);
      // Which server a connection reads is asked once per connection, not once per sample.
      const identities = await sqlValue<number>(
        `SELECT coalesce(sum(calls), 0)::int FROM pg_stat_statements WHERE query LIKE '%pg_postmaster_start_time(), current_setting(%'`,
      );
      expect(identities).toBe(51);
      const samples = rounds.flatMap((round) =>
        round.readings.flatMap((reading) => (reading.sample ? [reading.sample] : [])),
      );
      expect(samples).toHaveLength(102);
      for (const sample of samples) {
        expect(sample.connections.onServer).toBeGreaterThan(0);
        // Every watched database here is the test database: its sampler sessions are counted in it.
        expect(sample.connections.inDatabase).toBeGreaterThanOrEqual(1);
        if (sample.sessionsAt === undefined) continue;
        const ageMs = Date.parse(sample.takenAt) - Date.parse(sample.sessionsAt);
        expect(ageMs).toBeGreaterThan(0);
        expect(ageMs).toBeLessThanOrEqual(maxAgeMs + 10_000);
      }
      // The second round came within the age limit of the first's read for most: those samples say so.
      if (elapsedMs < maxAgeMs / 2)
        expect(rounds[1].readings.filter((reading) => reading.sample?.sessionsAt).length).toBeGreaterThan(0);
    } finally {
      await state.engine.stop();
    }
  });
});

describe('the loop', () => {
  it('samples each owned target once per interval at a phase of its own, and records as it goes', async () => {
    const { createSampler } = await import('@/lib/sampler/runner');
    const shard = fakeShard(71, [71], reachable);
    const intervalMs = 2_000;
    const state = await newState({ shard, intervalMs });
    // The samplers of the tests above that still run (two processes' and the survivor's) keep theirs.
    const othersSessions = await samplerSessions();
    const from = new Date();
    const sampled = () =>
      withClient(async (client) => {
        const { rows } = await client.query<{ target: string; taken: number[] }>(
          `SELECT target, array_agg(extract(epoch FROM taken_at)::float8 * 1000 ORDER BY taken_at) AS taken
           FROM console.metric_sample WHERE taken_at >= $1 GROUP BY target`,
          [from],
        );
        return rows;
      });
    const sampler = createSampler({ state, shard });
    // Until every target has three samples (at once when taken on, then on its own slot every interval): how soon
    // depends on the machine's load, which a fixed wait would turn into a flaky count.
    await expect
      .poll(async () => (await sampled()).filter((row) => row.taken.length >= 3).length, { timeout: 30_000 })
      .toBe(ALL.length);
    await sampler.stop();
    const elapsedMs = Date.now() - from.getTime();
    const rows = await sampled();
    expect(rows.map((row) => row.target).sort()).toEqual([...ALL].sort());
    // Never more than once per interval: the first at once, then at most one per slot since (+1 for a slot cut by
    // the stop).
    const most = Math.ceil(elapsedMs / intervalMs) + 2;
    for (const { target, taken } of rows) expect(taken.length, target).toBeLessThanOrEqual(most);
    // Spread over the interval, not a burst: the second samples (each on its own slot) end throughout the interval.
    const phases = rows.map(({ taken }) => taken[1] % intervalMs).sort((a, b) => a - b);
    expect(phases.at(-1)! - phases[0]).toBeGreaterThan(0.7 * intervalMs);
    expect(sampler.status()).toMatchObject({ memberId: 71, owned: 51, lastError: null });
    expect(sampler.status().lastRound).toMatchObject({ targets: 51, notSampled: 0, failed: 0 });
    // Stopped: its own 51 sessions are closed.
    await expect.poll(samplerSessions).toBe(othersSessions);
  });
});

describe('the loop, when a member leaves', () => {
  it("takes the departed member's targets at once, not at its next registry refresh", async () => {
    const { createSampler } = await import('@/lib/sampler/runner');
    const even = (target: string) => ALL.indexOf(target) % 2 === 0;
    let members = [73, 74];
    const shard: Shard = {
      ...fakeShard(73, members, (target) => ALL.includes(target) && (members.length === 1 || even(target))),
      members: () => members,
    };
    // A minute's interval: the registry is brought in line every quarter of it, so only the change of members can
    // explain a take-over within seconds. Each target's first attempt opens its sampler session (one per target).
    const state = await newState({ shard, intervalMs: 60_000 });
    const others = await samplerSessions();
    const sampler = createSampler({ state, shard });
    try {
      await expect.poll(samplerSessions, { timeout: 30_000 }).toBe(others + 26);
      const left = Date.now();
      members = [73];
      await expect.poll(samplerSessions, { timeout: 10_000, interval: 200 }).toBe(others + 51);
      expect(Date.now() - left).toBeLessThan(10_000);
      expect(sampler.status().owned).toBe(51);
    } finally {
      await sampler.stop();
    }
  });
});

describe('a saturated console', () => {
  function busyWait(ms: number) {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      // The event loop is blocked: no timer, no socket is served meanwhile.
    }
  }

  it('marks nothing down and raises one SamplerBehind for the process, which ends when it catches up', async () => {
    const { sampleFleet, recordBatch, getTargetRegistry, STORED_READS, findOpenEpisodes, findRecentAlertEpisodes } =
      await lib();
    const twenty = new Set(['primary', ...NAMES.slice(0, 19)]);
    const state = await newState({
      shard: fakeShard(61, [61], (target) => twenty.has(target) || target.startsWith('(console')),
      concurrency: 1,
      intervalMs: 4_000,
      attemptTimeoutMs: 1_000,
    });
    await withClient((client) => client.query('DELETE FROM console.target_state; DELETE FROM console.alert_event'));
    const t0 = Date.now();
    const calm = await sampleFleet(new Date(t0), state);
    expect(calm.stats).toMatchObject({ sampled: 20, notSampled: 0 });

    // One attempt at a time; one turn of the event loop into the round (the first attempt has sent its statements),
    // the loop is blocked for longer than an attempt's deadline and than the round's interval: the attempt under way
    // times out late, the queued ones cannot start in time. None of it is evidence about the targets. (A wait in
    // milliseconds here let a fast machine sample most of the twenty before the block: CI, stop 25.)
    const saturate = async (at: number) => {
      await state.engine.reconcile(await getTargetRegistry(), STORED_READS);
      const sampling = state.engine.sampleAll(new Date(at));
      await new Promise((resolve) => setImmediate(resolve));
      busyWait(4_500);
      await sampling;
      return recordBatch(state, new Date(at), true);
    };
    const behind = await saturate(t0 + 5_000);
    expect(behind.stats!.notSampled).toBeGreaterThanOrEqual(19);
    expect(behind.stats!.sampled + behind.stats!.notSampled).toBe(20);
    expect(behind.stats!.failed).toBe(0);
    expect(behind.stats!.eventLoopDelayMs).toBeGreaterThan(4_000);
    expect(behind.readings.filter((r) => !r.up)).toEqual([]);

    const stored = await withClient(async (client) => {
      const { rows } = await client.query<{ up: boolean; failures: number; missed: boolean }>(
        'SELECT up, failures, missed_since IS NOT NULL AS missed FROM console.target_state',
      );
      return rows;
    });
    expect(stored).toHaveLength(20);
    expect(stored.every((row) => row.up && row.failures === 0)).toBe(true);
    expect(stored.filter((row) => row.missed)).toHaveLength(behind.stats!.notSampled);

    // Behind again a minute later: the same one episode fires; PostgreSQLDown never opened.
    await saturate(t0 + 66_000);
    const open = await findOpenEpisodes();
    expect(open.map((e) => [e.rule, e.target, e.state])).toEqual([['SamplerBehind', '(console 61)', 'firing']]);

    // Caught up: every target sampled, the missed marks cleared, the episode resolved.
    const caughtUp = await sampleFleet(new Date(t0 + 70_000), state);
    expect(caughtUp.stats).toMatchObject({ sampled: 20, notSampled: 0 });
    expect(
      await sqlValue<number>('SELECT count(*)::int FROM console.target_state WHERE missed_since IS NOT NULL'),
    ).toBe(0);
    expect((await findRecentAlertEpisodes()).map((e) => [e.rule, e.state])).toEqual([['SamplerBehind', 'resolved']]);
  });
});
