import { describe, expect, it } from 'vitest';
import type { SamplerProcessRecord } from './process-health-rows';
import { toSamplerHealthRow, toSamplerHealthRows } from './process-health-rows';
import type { SamplerProcessStats } from './process-stats';

const NOW = new Date('2026-12-03T12:00:00Z');
const SELF = { host: 'console-a', pid: 100 };
const STATS: SamplerProcessStats = {
  intervalSeconds: 15,
  targets: 500,
  sampled: 500,
  failed: 2,
  late: 0,
  notSampled: 0,
  roundSeconds: 3.2,
  connectionsHeld: 120,
  connectionBudget: 400,
  concurrency: 16,
  eventLoopDelayMs: 12.4,
  cpuPercent: 21.37,
};

function record(overrides: Partial<SamplerProcessRecord> = {}, stats: Partial<SamplerProcessStats> = {}) {
  return {
    memberId: 1,
    host: 'console-a',
    pid: 100,
    startedAt: new Date('2026-12-03T08:00:00Z'),
    seenAt: new Date(NOW.getTime() - 4_000),
    stats: { ...STATS, ...stats },
    statsProblem: null,
    ...overrides,
  };
}

describe('the sampler health rows', () => {
  it('formats a process keeping up, and knows this one', () => {
    expect(toSamplerHealthRow(record(), NOW, 15, SELF)).toEqual({
      memberId: 1,
      host: 'console-a',
      pid: 100,
      isThisProcess: true,
      gone: false,
      status: 'ok',
      findings: [],
      started: '08:00:00 UTC',
      lastSeen: '11:59:56 UTC',
      round: '3.2 s of 15 s',
      targets: '500 owned · 500 sampled · 0 late · 0 not sampled · 2 failed',
      connections: '120 of 400',
      cpu: '21.4 %',
      eventLoopDelay: '12 ms',
    });
    // Connections opened in the round, when any: a budget too small for the fleet shows as connections reopened.
    expect(toSamplerHealthRow(record({}, { connectionsOpened: 37 }), NOW, 15, SELF).connections).toBe(
      '120 of 400 · 37 opened',
    );
    // The workload collector's sessions beside the sampler's, where the process runs one.
    expect(
      toSamplerHealthRow(record({}, { connectionsOpened: 37, collectorConnectionsHeld: 118 }), NOW, 15, SELF)
        .connections,
    ).toBe('120 of 400 · 37 opened · collector 118');
    expect(toSamplerHealthRow(record({ pid: 101 }), NOW, 15, SELF).isThisProcess).toBe(false);
  });

  it('is red when it leaves targets not sampled or its round outlasts the interval', () => {
    const behind = toSamplerHealthRow(record({}, { notSampled: 40, roundSeconds: 16.4 }), NOW, 15, SELF);
    expect(behind.status).toBe('bad');
    expect(behind.findings).toEqual([
      '40 of its 500 targets not sampled in its last round: it cannot keep up (add a console process, or raise SAMPLER_CONCURRENCY or its connection budget)',
      'its round took 16 s, longer than the 15 s interval',
    ]);
  });

  it('is amber near its limits', () => {
    const busy = toSamplerHealthRow(
      record({}, { late: 3, connectionsHeld: 400, eventLoopDelayMs: 250, cpuPercent: 91 }),
      NOW,
      15,
      SELF,
    );
    expect(busy.status).toBe('warn');
    expect(busy.findings).toHaveLength(4);
    expect(busy.findings.join(' | ')).toMatch(/3 targets sampled late.*whole connection budget \(400\).*250 ms.*91 %/);
  });

  it('is gone after two intervals without a round, listed after the live ones', () => {
    const gone = record({ memberId: 0, pid: 7, seenAt: new Date(NOW.getTime() - 31_000) });
    const rows = toSamplerHealthRows([gone, record({ memberId: 2 })], NOW, 15, SELF);
    expect(rows.map((row) => [row.memberId, row.gone, row.status])).toEqual([
      [2, false, 'ok'],
      [0, true, 'unknown'],
    ]);
    expect(rows[1].findings).toEqual([
      'gone: not seen for 31 s (two intervals are 30 s); the other processes take its targets over',
    ]);
    expect(toSamplerHealthRow(record({ seenAt: new Date(NOW.getTime() - 29_000) }), NOW, 15, SELF).gone).toBe(false);
  });

  it("shows a process whose figures do not parse, judged by this console's interval", () => {
    const row = toSamplerHealthRow(
      record({ stats: null, statsProblem: 'its round figures cannot be read' }),
      NOW,
      15,
      SELF,
    );
    expect(row).toMatchObject({
      status: 'unknown',
      gone: false,
      round: '—',
      findings: ['its round figures cannot be read'],
    });
  });
});
