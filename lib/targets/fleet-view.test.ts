import { describe, expect, it } from 'vitest';
import type { Sample } from '../sampler/sample';
import type { FleetMember } from './fleet';
import { selectFleetPage, sortFleetRows, toFleetRow, type FleetQuery } from './fleet-view';

const NOW = new Date('2026-11-27T12:00:00Z');
const THRESHOLDS = {
  connections: 150,
  slowQueries: 10,
  cacheHitRatio: 0.99,
  cacheHitMinBlocks: 0,
  replicationLagSeconds: 60,
  sampleIntervalSeconds: 15,
};

function sample(overrides: {
  connections?: number;
  ratio?: number;
  size?: number;
  inRecovery?: boolean;
  lag?: number | null;
}): Sample {
  return {
    takenAt: '2026-11-27T11:59:55Z',
    server: {
      version: '15.17',
      startedAt: '2026-11-27T00:00:00Z',
      maxConnections: 200,
      superuserReservedConnections: 3,
    },
    database: { name: 'halcytone_prod', sizeBytes: overrides.size ?? 1000 },
    connections: { inDatabase: overrides.connections ?? 5, activeInDatabase: 1, onServer: 6, byState: [] },
    longRunning: { count: 0, longestSeconds: null, thresholdSeconds: 30 },
    idleInTransaction: 0,
    blockedSessions: 0,
    slowQueries: { count: 0, thresholdMs: 1000 },
    cache: { heapRead: 1, heapHit: 999, ratio: overrides.ratio ?? 0.999 },
    counters: {} as Sample['counters'],
    replication: { replicas: 0, maxLagSeconds: null },
    recovery: {
      inRecovery: overrides.inRecovery ?? false,
      lagSeconds: overrides.inRecovery ? (overrides.lag ?? 0) : null,
    },
  } as Sample;
}

function member(name: string, up: boolean | null, s: Sample | null, overrides: Partial<FleetMember> = {}): FleetMember {
  return {
    name,
    source: 'environment',
    tags: [],
    state: up === null ? 'unknown' : up ? 'up' : 'down',
    up,
    checkedAt: up === null ? null : NOW.toISOString(),
    downSince: up === false ? NOW.toISOString() : null,
    failures: up === false ? 3 : 0,
    notSampledSince: null,
    error: up === false ? 'refused' : null,
    sample: s,
    role: s?.recovery?.inRecovery ? 'replica' : s ? 'primary' : null,
    ...overrides,
  };
}

describe('fleet rows', () => {
  it('takes every figure from the newest sample, and the lag of a replica from its own view', () => {
    const row = toFleetRow(
      member('replica-1', true, sample({ inRecovery: true, lag: 4.5, connections: 7 })),
      THRESHOLDS,
      NOW,
    );
    expect(row).toMatchObject({
      status: 'ok',
      role: 'replica',
      version: '15.17',
      connections: 7,
      maxConnections: 200,
      lagSeconds: 4.5,
      cacheHitRatio: 0.999,
      sizeBytes: 1000,
    });
  });

  it('is red when down, amber when a threshold is crossed, unknown before the first round', () => {
    expect(toFleetRow(member('a', false, sample({})), THRESHOLDS, NOW).status).toBe('bad');
    const warm = toFleetRow(member('b', true, sample({ ratio: 0.5 })), THRESHOLDS, NOW);
    expect(warm.status).not.toBe('ok');
    expect(warm.problems.join()).toMatch(/Cache hit/);
    expect(toFleetRow(member('c', null, null), THRESHOLDS, NOW).status).toBe('unknown');
  });

  it('sorts red rows first whatever the column, then by the column with missing figures last', () => {
    const rows = [
      toFleetRow(member('big', true, sample({ size: 9000 })), THRESHOLDS, NOW),
      toFleetRow(member('small', true, sample({ size: 10 })), THRESHOLDS, NOW),
      toFleetRow(member('down', false, null), THRESHOLDS, NOW),
      toFleetRow(member('new', null, null), THRESHOLDS, NOW),
      toFleetRow(member('mid', true, sample({ size: 500 })), THRESHOLDS, NOW),
    ];
    expect(sortFleetRows(rows, 'size', 'desc').map((row) => row.name)).toEqual(['down', 'new', 'big', 'mid', 'small']);
    expect(sortFleetRows(rows, 'size', 'asc').map((row) => row.name)).toEqual(['down', 'new', 'small', 'mid', 'big']);
    expect(sortFleetRows(rows, 'name', 'asc').map((row) => row.name)).toEqual(['down', 'new', 'big', 'mid', 'small']);
  });

  it('shows a target not sampled lately grey with the reason, never red, and a failing one amber', () => {
    // An hour-old sample would make the "last sample" tile red: the console's lateness is not the server's.
    const old = { ...sample({}), takenAt: '2026-11-27T11:00:00Z' };
    const notSampled = toFleetRow(
      member('late', null, old, {
        state: 'not-sampled',
        notSampledSince: '2026-11-27T11:00:00Z',
        error: 'Not sampled since 11:00:00 UTC: …',
      }),
      THRESHOLDS,
      NOW,
    );
    expect(notSampled).toMatchObject({
      state: 'not-sampled',
      status: 'unknown',
      reason: 'Not sampled since 11:00:00 UTC: …',
      problems: [],
      connections: null,
      version: '15.17',
      lastSampleAt: '2026-11-27T11:00:00Z',
    });
    const failing = toFleetRow(
      member('flaky', true, sample({}), { state: 'failing', failures: 1, error: 'timeout' }),
      THRESHOLDS,
      NOW,
    );
    expect(failing).toMatchObject({ state: 'failing', status: 'warn', failures: 1, reason: 'timeout', connections: 5 });
  });
});

describe('a page of the fleet', () => {
  const query: FleetQuery = { state: 'all', name: null, tag: null, sort: 'name', direction: 'asc', page: 1 };
  const rows = Array.from({ length: 120 }, (_, i) => {
    const name = `db-${String(i).padStart(3, '0')}`;
    const tags = [i % 2 ? 'prod' : 'staging', ...(i % 3 === 0 ? ['eu'] : [])];
    if (i % 40 === 1) return toFleetRow(member(name, false, null, { tags }), THRESHOLDS, NOW);
    if (i % 40 === 2)
      return toFleetRow(member(name, null, null, { tags, state: 'not-sampled', error: 'late' }), THRESHOLDS, NOW);
    if (i % 40 === 3) return toFleetRow(member(name, true, sample({ connections: 130 }), { tags }), THRESHOLDS, NOW);
    return toFleetRow(member(name, true, sample({}), { tags }), THRESHOLDS, NOW);
  });

  it('counts every state, and puts the red rows first on the first page of 50', () => {
    const page = selectFleetPage(rows, query);
    expect(page.counts).toEqual({ all: 120, problems: 6, down: 3, failing: 0, 'not-sampled': 3, unknown: 0, up: 114 });
    expect(page).toMatchObject({ matching: 120, page: 1, pageCount: 3, pastLastPage: false });
    expect(page.rows).toHaveLength(50);
    expect(page.rows.slice(0, 3).map((row) => row.name)).toEqual(['db-001', 'db-041', 'db-081']);
    expect(page.rows.slice(3, 6).map((row) => row.status)).toEqual(['warn', 'warn', 'warn']);
    expect(page.tags).toEqual(['eu', 'prod', 'staging']);
  });

  it('filters by state, name and tag, counting within the name and tag filters', () => {
    const down = selectFleetPage(rows, { ...query, state: 'down' });
    expect(down.rows.map((row) => row.name)).toEqual(['db-001', 'db-041', 'db-081']);
    const notSampled = selectFleetPage(rows, { ...query, state: 'not-sampled' });
    expect(notSampled.rows.map((row) => row.name)).toEqual(['db-002', 'db-042', 'db-082']);
    const problems = selectFleetPage(rows, { ...query, state: 'problems' });
    expect(problems.rows.map((row) => row.state)).not.toContain('not-sampled');
    const eu = selectFleetPage(rows, { ...query, tag: 'eu', state: 'down' });
    expect(eu.rows.map((row) => row.name)).toEqual(['db-081']);
    expect(eu.counts).toMatchObject({ all: 40, down: 1 });
    const named = selectFleetPage(rows, { ...query, name: 'db-11' });
    expect(named.rows.map((row) => row.name)).toEqual(Array.from({ length: 10 }, (_, i) => `db-11${i}`));
    expect(selectFleetPage(rows, { ...query, tag: 'nowhere' })).toMatchObject({ matching: 0, rows: [], pageCount: 1 });
  });

  it('pages through, and shows the last page for a page past it', () => {
    expect(selectFleetPage(rows, { ...query, page: 3 }).rows.map((row) => row.name)[0]).toBe('db-100');
    expect(selectFleetPage(rows, { ...query, page: 3 }).rows).toHaveLength(20);
    const past = selectFleetPage(rows, { ...query, page: 9 });
    expect(past).toMatchObject({ page: 3, pastLastPage: true });
  });
});
