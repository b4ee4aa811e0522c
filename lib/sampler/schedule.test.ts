import { describe, expect, it } from 'vitest';
import { judge, phaseOf, planAfter, planFirst, planRetry, slotAtOrAfter, type Judgement } from './schedule';

const INTERVAL = 15_000;
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 7, 3, 0, seconds));

describe('phases and slots', () => {
  it('spreads a thousand targets evenly over the interval, each at a phase of its own that never changes', () => {
    const names = Array.from({ length: 1_000 }, (_, i) => `db-${i}`);
    const phases = names.map((name) => phaseOf(name, INTERVAL));
    expect(phases.every((phase) => phase >= 0 && phase < INTERVAL)).toBe(true);
    expect(names.map((name) => phaseOf(name, INTERVAL))).toEqual(phases);
    // Ten buckets of 1.5 s: none far from a tenth, so a round is no burst.
    const buckets = Array.from({ length: 10 }, (_, b) => phases.filter((p) => Math.floor(p / 1_500) === b).length);
    for (const count of buckets) expect(count).toBeGreaterThan(70);
    for (const count of buckets) expect(count).toBeLessThan(130);
  });

  it('finds the next slot of a phase', () => {
    expect(slotAtOrAfter(30_000, 2_000, INTERVAL)).toBe(32_000);
    expect(slotAtOrAfter(32_000, 2_000, INTERVAL)).toBe(32_000);
    expect(slotAtOrAfter(32_001, 2_000, INTERVAL)).toBe(47_000);
  });

  it('samples a newly owned target at once, then on its slots; retries half an interval after a failure', () => {
    const first = planFirst(30_000, 2_000, INTERVAL);
    // Due now; may wait in the queue until its first slot at least half an interval away.
    expect(first).toEqual({ due: 30_000, startBy: 47_000 });
    expect(planAfter(first, INTERVAL)).toEqual({ due: 47_000, startBy: 62_000 });
    expect(planAfter({ due: 47_000, startBy: 62_000 }, INTERVAL)).toEqual({ due: 62_000, startBy: 77_000 });
    // Failed at its slot: retried half an interval later, before its next slot, which stays.
    const failed = { due: 47_000, startBy: 62_000 };
    expect(planRetry(failed, 47_010, 2_000, INTERVAL)).toEqual({ due: 54_510, startBy: 62_000 });
    expect(planAfter(planRetry(failed, 47_010, 2_000, INTERVAL), INTERVAL)).toEqual({ due: 62_000, startBy: 77_000 });
    // A failed attempt that ran long: the retry may start until the slot after.
    expect(planRetry({ due: 47_000, startBy: 50_000 }, 47_000, 2_000, INTERVAL)).toEqual({
      due: 54_500,
      startBy: 62_000,
    });
  });
});

describe('judge', () => {
  const up: Judgement = { up: true, checkedAt: at(0), downSince: null, error: null, failures: 0, missedSince: null };

  it('declares a target down only after the configured failures in a row, and up at the first answer', () => {
    const once = judge(up, { kind: 'failed', error: 'refused' }, at(15), 2);
    expect(once).toEqual({ ...up, checkedAt: at(15), error: 'refused', failures: 1 });
    const twice = judge(once, { kind: 'failed', error: 'refused' }, at(22), 2);
    expect(twice).toEqual({
      up: false,
      checkedAt: at(22),
      downSince: at(22),
      error: 'refused',
      failures: 2,
      missedSince: null,
    });
    const thrice = judge(twice, { kind: 'failed', error: 'reset' }, at(37), 2);
    expect(thrice).toMatchObject({ up: false, downSince: at(22), failures: 3, error: 'reset' });
    expect(judge(thrice, { kind: 'up' }, at(52), 2)).toEqual({ ...up, checkedAt: at(52) });
  });

  it('leaves up or down and the count alone when the console could not sample, noting since when', () => {
    const failing = judge(up, { kind: 'failed', error: 'refused' }, at(15), 2);
    const missed = judge(failing, { kind: 'not-sampled', reason: 'queue' }, at(30), 2);
    expect(missed).toEqual({ ...failing, missedSince: at(30) });
    expect(judge(missed, { kind: 'not-sampled', reason: 'queue' }, at(45), 2)).toEqual(missed);
    // The next real attempt clears it, and a failure still counts on from where it was.
    expect(judge(missed, { kind: 'failed', error: 'refused' }, at(60), 2)).toMatchObject({
      up: false,
      failures: 2,
      missedSince: null,
    });
  });

  it('keeps a never-judged target unjudged until it answers or has failed often enough', () => {
    const fresh = { failures: 0, error: null, missedSince: null };
    const once = judge(fresh, { kind: 'failed', error: 'refused' }, at(0), 2);
    expect(once).toEqual({ failures: 1, error: 'refused', missedSince: null });
    expect(judge(once, { kind: 'failed', error: 'refused' }, at(7), 2)).toMatchObject({ up: false, downSince: at(7) });
    expect(judge(fresh, { kind: 'failed', error: 'refused' }, at(0), 1)).toMatchObject({ up: false });
  });
});
