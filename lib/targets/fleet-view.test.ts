import { describe, expect, it } from 'vitest';
import type { Sample } from '../sampler/sample';
import type { FleetMember } from './fleet';
import { sortFleetRows, toFleetRow } from './fleet-view';

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

function member(name: string, up: boolean | null, s: Sample | null): FleetMember {
  return {
    name,
    source: 'environment',
    up,
    stale: false,
    checkedAt: up === null ? null : NOW.toISOString(),
    downSince: up === false ? NOW.toISOString() : null,
    error: up === false ? 'refused' : null,
    sample: s,
    role: s?.recovery?.inRecovery ? 'replica' : s ? 'primary' : null,
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
});
