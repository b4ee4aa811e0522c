import { describe, expect, it } from 'vitest';
import type { Sample } from '../sampler/sample';
import { ALERT_RULES, consoleTarget, type TargetReading } from './rules';
import { stepAlerts, type OpenEpisode } from './transitions';

const THRESHOLDS = {
  connections: 150,
  slowQueries: 10,
  cacheHitRatio: 0.99,
  cacheHitMinBlocks: 0,
  replicationLagSeconds: 60,
};
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 27, 12, 0, seconds));
const down: TargetReading = { target: 'replica-1', up: false, sample: null };
const up = (connections = 5): TargetReading => ({
  target: 'replica-1',
  up: true,
  sample: {
    connections: { inDatabase: connections },
    slowQueries: { count: 0, thresholdMs: 1000 },
    cache: { ratio: 1 },
    replication: { replicas: 0, maxLagSeconds: null },
  } as unknown as Sample,
});

function pending(rule: string, startedAt: Date, state: OpenEpisode['state'] = 'pending'): OpenEpisode {
  return { id: 1, rule, target: 'replica-1', state, startedAt };
}

describe('stepAlerts', () => {
  it('opens a pending episode when a condition becomes true', () => {
    expect(stepAlerts(ALERT_RULES, [down], [], THRESHOLDS, at(0))).toEqual([
      {
        kind: 'open',
        firing: false,
        facts: {
          rule: 'PostgreSQLDown',
          target: 'replica-1',
          severity: 'critical',
          summary: 'PostgreSQL is down',
          value: 0,
        },
      },
    ]);
  });

  it("fires only once the condition has held for the rule's `for` (PostgreSQLDown: 1 minute)", () => {
    expect(stepAlerts(ALERT_RULES, [down], [pending('PostgreSQLDown', at(0))], THRESHOLDS, at(59))).toMatchObject([
      { kind: 'update' },
    ]);
    expect(stepAlerts(ALERT_RULES, [down], [pending('PostgreSQLDown', at(0))], THRESHOLDS, at(60))).toMatchObject([
      { kind: 'fire', id: 1 },
    ]);
  });

  it('drops a pending episode whose condition clears, and resolves a firing one', () => {
    expect(stepAlerts(ALERT_RULES, [up()], [pending('PostgreSQLDown', at(0))], THRESHOLDS, at(30))).toEqual([
      { kind: 'drop', id: 1 },
    ]);
    expect(stepAlerts(ALERT_RULES, [up()], [pending('PostgreSQLDown', at(0), 'firing')], THRESHOLDS, at(90))).toEqual([
      { kind: 'resolve', id: 1, rule: 'PostgreSQLDown', target: 'replica-1' },
    ]);
  });

  it('compares with the configured threshold, strictly as the rules file does', () => {
    expect(stepAlerts(ALERT_RULES, [up(150)], [], THRESHOLDS, at(0))).toEqual([]);
    expect(stepAlerts(ALERT_RULES, [up(151)], [], THRESHOLDS, at(0))).toMatchObject([
      { kind: 'open', facts: { rule: 'HighConnectionCount', value: 151 } },
    ]);
  });

  it("judges replication lag on a standby's own figure, never on the primary's view of its replicas", () => {
    const standby = { ...up(), sample: { ...up().sample!, recovery: { inRecovery: true, lagSeconds: 90 } } as Sample };
    expect(stepAlerts(ALERT_RULES, [standby], [], THRESHOLDS, at(0))).toMatchObject([
      { kind: 'open', facts: { rule: 'ReplicationLagHigh', value: 90 } },
    ]);
    const primaryView = {
      ...up(),
      sample: {
        ...up().sample!,
        recovery: { inRecovery: false, lagSeconds: null },
        replication: { replicas: 1, maxLagSeconds: 90 },
      } as Sample,
    };
    expect(stepAlerts(ALERT_RULES, [primaryView], [], THRESHOLDS, at(0))).toEqual([]);
  });

  it('ends the episodes of a target that is no longer watched, unless the target list was incomplete', () => {
    expect(stepAlerts(ALERT_RULES, [], [pending('PostgreSQLDown', at(0), 'firing')], THRESHOLDS, at(10))).toEqual([
      { kind: 'resolve', id: 1, rule: 'PostgreSQLDown', target: 'replica-1' },
    ]);
    expect(stepAlerts(ALERT_RULES, [], [pending('PostgreSQLDown', at(0), 'firing')], THRESHOLDS, at(10), null)).toEqual(
      [],
    );
  });

  it('keeps the episodes of a listed target it has no reading of (another process samples it, or it was not sampled)', () => {
    const open = [pending('PostgreSQLDown', at(0), 'firing')];
    expect(stepAlerts(ALERT_RULES, [], open, THRESHOLDS, at(10), new Set(['replica-1', 'primary']))).toEqual([]);
    expect(stepAlerts(ALERT_RULES, [], open, THRESHOLDS, at(10), new Set(['primary']))).toEqual([
      { kind: 'resolve', id: 1, rule: 'PostgreSQLDown', target: 'replica-1' },
    ]);
  });

  it("raises one SamplerBehind on the console's own reading, and never PostgreSQLDown for it", () => {
    const behind = (notSampled: number): TargetReading => ({
      target: consoleTarget(7),
      up: true,
      sample: null,
      notSampled,
    });
    expect(stepAlerts(ALERT_RULES, [behind(3)], [], THRESHOLDS, at(0))).toEqual([
      {
        kind: 'open',
        firing: false,
        facts: {
          rule: 'SamplerBehind',
          target: '(console 7)',
          severity: 'warning',
          summary: expect.stringContaining('could not sample 3 of its targets'),
          value: 3,
        },
      },
    ]);
    const episode: OpenEpisode = {
      id: 2,
      rule: 'SamplerBehind',
      target: '(console 7)',
      state: 'pending',
      startedAt: at(0),
    };
    expect(stepAlerts(ALERT_RULES, [behind(3)], [episode], THRESHOLDS, at(60))).toMatchObject([
      { kind: 'fire', id: 2 },
    ]);
    expect(stepAlerts(ALERT_RULES, [behind(0)], [episode], THRESHOLDS, at(30))).toEqual([{ kind: 'drop', id: 2 }]);
    expect(stepAlerts(ALERT_RULES, [{ ...behind(0), up: false }], [], THRESHOLDS, at(0))).toEqual([]);
  });

  it('leaves a cache-hit ratio from too few blocks unjudged, as the glance does', () => {
    const cold: TargetReading = {
      ...up(),
      sample: { ...up().sample!, cache: { heapRead: 900, heapHit: 100, ratio: 0.1 } },
    };
    const warming = { ...THRESHOLDS, cacheHitMinBlocks: 100_000 };
    expect(stepAlerts(ALERT_RULES, [cold], [], warming, at(0))).toEqual([]);
    expect(stepAlerts(ALERT_RULES, [cold], [], THRESHOLDS, at(0))).toMatchObject([
      { kind: 'open', facts: { rule: 'LowCacheHitRatio', value: 0.1 } },
    ]);
  });
});
