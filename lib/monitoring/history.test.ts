import { describe, expect, it } from 'vitest';
import type { Sample } from '../sampler/sample';
import { historyRangeSchema, toHistoryPoints } from './history';

function sample(takenAt: string, commits: number, deadlocks: number, statsReset = 'r1'): Sample {
  return {
    takenAt,
    server: { version: '15', startedAt: takenAt, maxConnections: 100, superuserReservedConnections: 3 },
    database: { name: 'db', sizeBytes: 1000 },
    connections: {
      inDatabase: 4,
      activeInDatabase: 1,
      onServer: 4,
      byState: [
        { state: 'active', count: 1 },
        { state: 'idle', count: 2 },
        { state: 'idle in transaction', count: 1 },
      ],
    },
    longRunning: { count: 0, longestSeconds: null, thresholdSeconds: 30 },
    idleInTransaction: 1,
    blockedSessions: 0,
    slowQueries: null,
    cache: { heapRead: 1, heapHit: 99, ratio: 0.99 },
    counters: { xactCommit: commits, xactRollback: 0, deadlocks, statsReset },
    replication: { replicas: 0, maxLagSeconds: null },
  };
}

describe('toHistoryPoints', () => {
  it('turns counter differences into rates and per-interval counts', () => {
    const points = toHistoryPoints([sample('2026-01-01T00:00:00Z', 100, 2), sample('2026-01-01T00:00:15Z', 400, 3)]);
    expect(points[0]).toMatchObject({
      tps: null,
      deadlocks: null,
      active: 1,
      idle: 2,
      idleInTransaction: 1,
      otherStates: 0,
    });
    expect(points[1]).toMatchObject({ tps: 20, deadlocks: 1 });
  });

  it('does not invent a rate across a statistics reset', () => {
    const points = toHistoryPoints([
      sample('2026-01-01T00:00:00Z', 500, 2),
      sample('2026-01-01T00:00:15Z', 10, 0, 'r2'),
    ]);
    expect(points[1]).toMatchObject({ tps: null, deadlocks: null });
  });

  it('falls back to one hour for an unknown range', () => {
    expect(historyRangeSchema.parse('7d')).toBe('7d');
    expect(historyRangeSchema.parse('1y')).toBe('1h');
    expect(historyRangeSchema.parse(undefined)).toBe('1h');
  });
});
