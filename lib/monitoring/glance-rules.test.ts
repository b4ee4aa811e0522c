import { describe, expect, it } from 'vitest';
import type { Sample } from '../sampler/sample';
import { evaluateGlance, worstStatus, type GlanceThresholds } from './glance-rules';

const thresholds: GlanceThresholds = {
  connections: 150,
  slowQueries: 10,
  cacheHitRatio: 0.99,
  cacheHitMinBlocks: 0,
  replicationLagSeconds: 60,
  sampleIntervalSeconds: 15,
};
const now = new Date('2026-11-26T12:00:00Z');

function sample(overrides: Partial<Sample> = {}): Sample {
  return {
    takenAt: new Date(now.getTime() - 5_000).toISOString(),
    server: {
      version: '15.17',
      startedAt: '2026-11-01T00:00:00Z',
      maxConnections: 200,
      superuserReservedConnections: 3,
    },
    database: { name: 'db', sizeBytes: 1 },
    connections: { inDatabase: 10, activeInDatabase: 1, onServer: 10, byState: [] },
    longRunning: { count: 0, longestSeconds: null, thresholdSeconds: 30 },
    idleInTransaction: 0,
    blockedSessions: 0,
    slowQueries: { count: 0, thresholdMs: 1000 },
    cache: { heapRead: 1, heapHit: 999, ratio: 0.999 },
    counters: { xactCommit: 0, xactRollback: 0, deadlocks: 0, statsReset: null },
    replication: { replicas: 0, maxLagSeconds: null },
    ...overrides,
  };
}

const statusOf = (tiles: ReturnType<typeof evaluateGlance>, id: string) => tiles.find((t) => t.id === id)?.status;
const glance = (s: Sample | null, reachable = true) =>
  evaluateGlance(
    {
      reachable,
      unreachableSince: reachable ? null : now.toISOString(),
      error: reachable ? null : 'down',
      sample: s,
      now,
    },
    thresholds,
  );

describe('evaluateGlance', () => {
  it('is all green on a healthy sample, without a replication tile when there are no replicas', () => {
    const tiles = glance(sample());
    expect(worstStatus(tiles.map((t) => t.status))).toBe('ok');
    expect(tiles.map((t) => t.id)).not.toContain('replication-lag');
  });

  it('applies the guide alert thresholds: connections > 150, slow queries > 10, cache hit < 99 %', () => {
    expect(
      statusOf(
        glance(sample({ connections: { inDatabase: 151, activeInDatabase: 1, onServer: 151, byState: [] } })),
        'connections',
      ),
    ).toBe('bad');
    expect(
      statusOf(
        glance(sample({ connections: { inDatabase: 150, activeInDatabase: 1, onServer: 150, byState: [] } })),
        'connections',
      ),
    ).toBe('warn');
    expect(statusOf(glance(sample({ slowQueries: { count: 11, thresholdMs: 1000 } })), 'slow-queries')).toBe('bad');
    expect(statusOf(glance(sample({ slowQueries: { count: 10, thresholdMs: 1000 } })), 'slow-queries')).toBe('warn');
    expect(statusOf(glance(sample({ cache: { heapRead: 2, heapHit: 98, ratio: 0.98 } })), 'cache-hit')).toBe('warn');
    expect(statusOf(glance(sample({ cache: { heapRead: 10, heapHit: 90, ratio: 0.9 } })), 'cache-hit')).toBe('bad');
  });

  it('turns red on any long-running query and shows unknown when pg_stat_statements is missing', () => {
    expect(
      statusOf(glance(sample({ longRunning: { count: 1, longestSeconds: 45, thresholdSeconds: 30 } })), 'long-running'),
    ).toBe('bad');
    expect(statusOf(glance(sample({ slowQueries: null })), 'slow-queries')).toBe('unknown');
  });

  it('shows replication lag only when replicas exist', () => {
    expect(statusOf(glance(sample({ replication: { replicas: 1, maxLagSeconds: 90 } })), 'replication-lag')).toBe(
      'bad',
    );
    expect(statusOf(glance(sample({ replication: { replicas: 2, maxLagSeconds: 1 } })), 'replication-lag')).toBe('ok');
  });

  it('flags a stale sample and an unreachable database', () => {
    expect(statusOf(glance(sample({ takenAt: new Date(now.getTime() - 45_000).toISOString() })), 'last-sample')).toBe(
      'warn',
    );
    expect(statusOf(glance(sample({ takenAt: new Date(now.getTime() - 120_000).toISOString() })), 'last-sample')).toBe(
      'bad',
    );
    const down = glance(null, false);
    expect(statusOf(down, 'database')).toBe('bad');
    expect(down.find((t) => t.id === 'database')?.detail).toContain(`since ${now.toISOString()}`);
    expect(worstStatus(down.map((t) => t.status))).toBe('bad');
  });

  it('shows a ratio from too few blocks as warming up, with the block count, not judged', () => {
    const warming = { ...thresholds, cacheHitMinBlocks: 100_000 };
    const cold = evaluateGlance(
      {
        reachable: true,
        unreachableSince: null,
        error: null,
        sample: sample({ cache: { heapRead: 500, heapHit: 2_500, ratio: 2_500 / 3_000 } }),
        now,
      },
      warming,
    );
    const tile = cold.find((t) => t.id === 'cache-hit')!;
    expect(tile).toMatchObject({ status: 'unknown', value: 'warming up (83.33 %)' });
    expect(tile.detail).toContain('only 3,000 table blocks since the statistics were reset; judged from 100,000');
    const warm = evaluateGlance(
      {
        reachable: true,
        unreachableSince: null,
        error: null,
        sample: sample({ cache: { heapRead: 50_000, heapHit: 250_000, ratio: 250_000 / 300_000 } }),
        now,
      },
      warming,
    );
    expect(statusOf(warm, 'cache-hit')).toBe('bad');
  });

  it('says a database whose state is not known is unknown, not down', () => {
    const tiles = evaluateGlance(
      {
        reachable: null,
        unreachableSince: null,
        error: 'Not known: the console database cannot be read.',
        sample: null,
        now,
      },
      thresholds,
    );
    expect(tiles.find((t) => t.id === 'database')).toMatchObject({
      status: 'unknown',
      value: 'unknown',
      detail: 'Not known: the console database cannot be read.',
    });
  });
});
