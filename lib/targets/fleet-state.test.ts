import { describe, expect, it } from 'vitest';
import { judgeOutcome } from './fleet-state';

const NOW = new Date('2026-12-03T12:00:00Z');
const seconds = (n: number) => new Date(NOW.getTime() - n * 1000);
const outcome = (overrides: Partial<Parameters<typeof judgeOutcome>[0] & object> = {}) => ({
  up: true,
  checkedAt: seconds(5),
  downSince: null,
  error: null,
  failures: 0,
  missedSince: null,
  ...overrides,
});

describe('a target state', () => {
  it('is unknown before its first round', () => {
    expect(judgeOutcome(undefined, 15, NOW)).toMatchObject({ state: 'unknown', up: null, checkedAt: null });
  });

  it('is up when the newest attempt reached it, failing below the down threshold, down at it', () => {
    expect(judgeOutcome(outcome(), 15, NOW)).toMatchObject({ state: 'up', up: true, error: null, failures: 0 });
    expect(judgeOutcome(outcome({ failures: 2, error: 'timeout exceeded' }), 15, NOW)).toMatchObject({
      state: 'failing',
      up: true,
      error: 'timeout exceeded',
    });
    expect(
      judgeOutcome(outcome({ up: false, failures: 3, downSince: seconds(30), error: 'refused' }), 15, NOW),
    ).toMatchObject({ state: 'down', up: false, downSince: seconds(30).toISOString(), error: 'refused' });
  });

  it('is not sampled, never down, when the console missed its round or no round came for two intervals', () => {
    const missed = judgeOutcome(outcome({ checkedAt: seconds(20), missedSince: seconds(4) }), 15, NOW);
    expect(missed).toMatchObject({ state: 'not-sampled', up: null, downSince: null });
    expect(missed.notSampledSince).toBe(seconds(20).toISOString());
    expect(missed.error).toBe(
      "Not sampled since 11:59:40 UTC: the console could not sample it in time since 11:59:56 UTC (its own load, not this server's; see the sampler health panel).",
    );
    // Two intervals and the cache's 5 s are tolerated (lib/monitoring/freshness.ts).
    expect(judgeOutcome(outcome({ checkedAt: seconds(35) }), 15, NOW).state).toBe('up');
    const stale = judgeOutcome(outcome({ checkedAt: seconds(600) }), 15, NOW);
    expect(stale).toMatchObject({ state: 'not-sampled', up: null });
    expect(stale.error).toMatch(/^Not sampled since 11:50:00 UTC: no console process has sampled it since/);
  });

  it('stays down on its last evidence while not sampled, saying so', () => {
    const judged = judgeOutcome(
      outcome({ up: false, failures: 3, downSince: seconds(900), checkedAt: seconds(600), error: 'refused' }),
      15,
      NOW,
    );
    expect(judged).toMatchObject({ state: 'down', up: false, notSampledSince: seconds(600).toISOString() });
    expect(judged.error).toMatch(/^refused Not sampled since 11:50:00 UTC/);
  });

  it("reads an outcome without a failure count (this process's own rounds) by its up flag", () => {
    expect(judgeOutcome({ up: false, checkedAt: seconds(1), downSince: null, error: 'x' }, 15, NOW)).toMatchObject({
      state: 'down',
      failures: 1,
      downSince: seconds(1).toISOString(),
    });
  });
});
