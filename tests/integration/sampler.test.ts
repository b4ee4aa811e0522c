/**
 * The sampler: its figures equal what SQL returns at the same moment (conditions created by the test); every process
 * samples its own share while exactly one of several runs retention (advisory lock), which removes old samples and
 * the rows of console processes gone for a day. The engine at fleet scale is in sampler-fleet.test.ts.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getPrisma } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { soleShard } from '@/lib/sampler/membership';
import { createSampler, SAMPLER_LOCK } from '@/lib/sampler/runner';
import { createSamplerState } from '@/lib/sampler/sampler-state';
import { takeSample } from '@/lib/sampler/sample';
import { deleteSamplesOlderThan, findLatestSample, findSamplesBetween } from '@/lib/sampler/store';
import { sqlValue, withClient } from '../support/sql';

const extraSessions: pg.Client[] = [];

beforeAll(async () => {
  for (let i = 0; i < 3; i++) {
    const client = new pg.Client({ connectionString: inject('databaseUrl'), application_name: 'sampler-idle' });
    await client.connect();
    extraSessions.push(client);
  }
});

afterAll(async () => {
  await Promise.all(extraSessions.map((client) => client.end()));
});

describe('takeSample', () => {
  it('reports the database size pg_database_size returns', async () => {
    const sample = await takeSample();
    expect(sample.database.sizeBytes).toBe(
      Number(await sqlValue<string>('SELECT pg_database_size(current_database())')),
    );
    expect(sample.database.name).toBe('halcytone_prod');
  });

  it('counts connections exactly as pg_stat_activity does', async () => {
    await withClient(async (checker) => {
      const sample = await takeSample();
      const { rows } = await checker.query<{ in_database: number; on_server: number; idle: number }>(`
        SELECT count(*) FILTER (WHERE datname = current_database())::int AS in_database,
               count(*) FILTER (WHERE backend_type = 'client backend')::int AS on_server,
               count(*) FILTER (WHERE datname = current_database() AND state = 'idle')::int AS idle
        FROM pg_stat_activity`);
      expect(sample.connections.inDatabase).toBe(rows[0].in_database);
      expect(sample.connections.onServer).toBe(rows[0].on_server);
      // While the sample ran, the checker was idle and the console's one monitoring connection was active;
      // while the checker counts, it is the other way round.
      expect(sample.connections.byState.find((s) => s.state === 'idle')?.count).toBe(rows[0].idle);
      expect(sample.connections.byState.reduce((sum, s) => sum + s.count, 0)).toBe(sample.connections.inDatabase);
    });
  });

  it('computes the guide cache hit ratio from pg_statio_user_tables', async () => {
    await withClient((client) => client.query('SELECT count(*) FROM content_audit'));
    const sample = await takeSample();
    const expected = await withClient(async (client) => {
      const { rows } = await client.query<{ read: number; hit: number }>(
        'SELECT coalesce(sum(heap_blks_read), 0)::float8 AS read, coalesce(sum(heap_blks_hit), 0)::float8 AS hit FROM pg_statio_user_tables',
      );
      return rows[0];
    });
    expect(sample.cache.heapRead).toBe(expected.read);
    expect(sample.cache.heapHit).toBe(expected.hit);
    const total = expected.hit + expected.read;
    expect(sample.cache.ratio).toBe(total === 0 ? null : expected.hit / total);
  });

  it('reports the server version, limits and pg_stat_database counters', async () => {
    const sample = await takeSample();
    expect(sample.server.version).toBe(await sqlValue<string>('SHOW server_version'));
    expect(sample.server.maxConnections).toBe(200);
    const deadlocks = Number(
      await sqlValue<string>('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()'),
    );
    expect(sample.counters.deadlocks).toBe(deadlocks);
    expect(sample.replication).toEqual({ replicas: 0, maxLagSeconds: null });
    expect(sample.slowQueries).toEqual({ count: expect.any(Number), thresholdMs: 1000 });
  });

  it('counts a pg_sleep session as active and, past the threshold, as long-running', async () => {
    const { getEnv } = await import('@/lib/env');
    const env = getEnv();
    const previous = env.LONG_RUNNING_SECONDS;
    (env as { LONG_RUNNING_SECONDS: number }).LONG_RUNNING_SECONDS = 1;
    const sleeper = new pg.Client({ connectionString: inject('databaseUrl'), application_name: 'sampler-sleeper' });
    await sleeper.connect();
    const sleeping = sleeper.query('SELECT pg_sleep(4)');
    try {
      await expect
        .poll(
          () =>
            sqlValue<number>(
              `SELECT count(*)::int FROM pg_stat_activity WHERE application_name = 'sampler-sleeper' AND now() - query_start > interval '1.5 seconds'`,
            ),
          { timeout: 4_000 },
        )
        .toBe(1);
      const sample = await takeSample();
      const activeNow = await sqlValue<number>(
        `SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND application_name <> 'halcytone-test'`,
      );
      // Active: the sleeper and the sample's own monitoring connection.
      expect(sample.connections.activeInDatabase).toBe(activeNow + 1);
      expect(sample.longRunning.count).toBe(1);
      expect(sample.longRunning.longestSeconds).toBeGreaterThan(1.5);
    } finally {
      (env as { LONG_RUNNING_SECONDS: number }).LONG_RUNNING_SECONDS = previous;
      await sleeping;
      await sleeper.end();
    }
  });
});

describe('the sampler loop', () => {
  it('samples in every process, runs retention in exactly one, and hands retention over when it stops', async () => {
    const prisma = getPrisma();
    const before = await prisma.metricSample.count();
    const gone = new Date(Date.now() - 2 * 86_400_000);
    await prisma.samplerProcess.create({
      data: { memberId: 999, host: 'gone', pid: 1, startedAt: gone, seenAt: gone, stats: {} },
    });
    // Three processes, each with a memory and a shard of its own (each owns the primary here).
    const samplers = [1, 2, 3].map((memberId) =>
      createSampler({ autoStart: false, state: createSamplerState(), shard: soleShard(memberId) }),
    );
    try {
      for (let round = 0; round < 2; round++) await Promise.all(samplers.map((s) => s.tick()));
      expect((await prisma.metricSample.count()) - before).toBe(6);
      expect(samplers.filter((s) => s.status().retentionLeader)).toHaveLength(1);
      const holders = await sqlValue<number>(
        `SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND granted`,
        [SAMPLER_LOCK.classId, SAMPLER_LOCK.objectId],
      );
      expect(holders).toBe(1);
      expect(await prisma.samplerProcess.findUnique({ where: { memberId: 999 } })).toBeNull();
      expect((await prisma.samplerProcess.findMany({ where: { memberId: { in: [1, 2, 3] } } })).length).toBe(3);

      const leader = samplers.find((s) => s.status().retentionLeader)!;
      await leader.stop();
      const rest = samplers.filter((s) => s !== leader);
      await Promise.all(rest.map((s) => s.tick()));
      expect(rest.filter((s) => s.status().retentionLeader)).toHaveLength(1);
      expect((await prisma.metricSample.count()) - before).toBe(8);
      const newest = rest
        .map((s) => s.status().lastSampleAt!)
        .sort()
        .at(-1);
      expect((await findLatestSample())?.takenAt).toBe(newest);
      expect(rest[0].status()).toMatchObject({ owned: 1, lastError: null, lastRound: { targets: 1, sampled: 1 } });
    } finally {
      await Promise.all(samplers.map((s) => s.stop()));
      await prisma.samplerProcess.deleteMany({ where: { memberId: { in: [1, 2, 3] } } });
    }
  });

  it('enforces retention and thins long ranges', async () => {
    const prisma = getPrisma();
    const old = new Date(Date.now() - 20 * 86_400_000);
    await prisma.metricSample.create({ data: { takenAt: old, snapshot: { takenAt: old.toISOString() } } });
    expect(await deleteSamplesOlderThan(14)).toBeGreaterThanOrEqual(1);
    expect(
      await prisma.metricSample.count({ where: { takenAt: { lt: new Date(Date.now() - 14 * 86_400_000) } } }),
    ).toBe(0);

    const real = await takeSample();
    const base = Date.now() - 3_600_000;
    for (let i = 0; i < 60; i++) {
      const at = new Date(base + i * 60_000);
      await prisma.metricSample.create({
        data: { takenAt: at, snapshot: { ...real, takenAt: at.toISOString() } as unknown as Prisma.InputJsonValue },
      });
    }
    const thinned = await findSamplesBetween(new Date(base), new Date(), 10);
    expect(thinned.length).toBeGreaterThanOrEqual(9);
    expect(thinned.length).toBeLessThanOrEqual(12);
    expect(thinned.map((s) => s.takenAt)).toEqual([...thinned.map((s) => s.takenAt)].sort());

    // A window in the past (a range dragged on History): only the samples taken inside it, none thinned away.
    const from = new Date(base + 10 * 60_000);
    const to = new Date(base + 30 * 60_000);
    const inside = await findSamplesBetween(from, to);
    const count = await prisma.metricSample.count({ where: { target: 'primary', takenAt: { gte: from, lt: to } } });
    expect(inside).toHaveLength(count);
    expect(inside.map((s) => s.takenAt)).toEqual(
      Array.from({ length: 20 }, (_, i) => new Date(base + (10 + i) * 60_000).toISOString()),
    );
  });

  it('refuses a stored sample of the wrong shape, naming the field, instead of handing it to a page', async () => {
    const at = new Date();
    const { cache, ...rest } = await takeSample();
    await getPrisma().metricSample.create({
      data: {
        target: 'malformed',
        takenAt: at,
        snapshot: { ...rest, cache: { ...cache, ratio: String(cache.ratio) } } as unknown as Prisma.InputJsonValue,
      },
    });
    await expect(findLatestSample('malformed')).rejects.toThrow(
      `The stored sample of malformed at ${at.toISOString()} is malformed at cache.ratio`,
    );
    await getPrisma().metricSample.deleteMany({ where: { target: 'malformed' } });
  });
});
