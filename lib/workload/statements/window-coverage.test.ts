import { describe, expect, it } from 'vitest';
import {
  findCollectedBuckets,
  formatSpan,
  maskUncollected,
  SLIVER_MS,
  toWindowCoverage,
  type StoredCoverage,
} from './window-coverage';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 2, 3, 0);
const at = (minutes: number) => T0 + minutes * MIN;
const window = { from: at(0), to: at(60) };
const PENDING = 150_000;

const stored = (overrides: Partial<StoredCoverage> = {}): StoredCoverage => ({
  holes: [],
  first: at(-1),
  last: at(61),
  evictions: [],
  ...overrides,
});

describe('toWindowCoverage', () => {
  it('finds no gap in a window covered back to back', () => {
    expect(toWindowCoverage(stored(), window, at(62), PENDING)).toEqual({ gaps: [], pending: null, evictions: [] });
  });

  it('reports a hole between two intervals (the collector stopped) clipped to the window', () => {
    const coverage = toWindowCoverage(
      stored({
        holes: [
          { from: at(20), to: at(40) },
          { from: at(-10), to: at(5) },
        ],
      }),
      window,
      at(62),
      PENDING,
    );
    expect(coverage.gaps).toEqual([
      { from: at(0), to: at(5) },
      { from: at(20), to: at(40) },
    ]);
  });

  it('ignores rounding slivers between two reads and merges holes that touch', () => {
    const coverage = toWindowCoverage(
      stored({
        holes: [
          { from: at(10), to: at(10) + SLIVER_MS },
          { from: at(20), to: at(30) },
          { from: at(30), to: at(35) },
        ],
      }),
      window,
      at(62),
      PENDING,
    );
    expect(coverage.gaps).toEqual([{ from: at(20), to: at(35) }]);
  });

  it('marks the start of the window before the history began', () => {
    expect(toWindowCoverage(stored({ first: at(45) }), window, at(62), PENDING).gaps).toEqual([
      { from: at(0), to: at(45) },
    ]);
  });

  it('calls the newest stretch pending while the next interval may still come, a gap after that', () => {
    const recent = toWindowCoverage(stored({ last: at(59) }), window, at(60), PENDING);
    expect(recent).toMatchObject({ gaps: [], pending: { from: at(59), to: at(60) } });
    const stopped = toWindowCoverage(stored({ last: at(50) }), window, at(60), PENDING);
    expect(stopped).toMatchObject({ gaps: [{ from: at(50), to: at(60) }], pending: null });
    // A window in the past whose end the collector never reached: a gap, whatever its length.
    expect(toWindowCoverage(stored({ last: at(59) }), window, at(600), PENDING).gaps).toEqual([
      { from: at(59), to: at(60) },
    ]);
  });

  it('calls the whole window a gap when the target has no interval', () => {
    expect(toWindowCoverage(stored({ first: null, last: null }), window, at(60), PENDING).gaps).toEqual([window]);
  });

  it('passes the evictions through', () => {
    const evictions = [{ from: at(10), to: at(11), evicted: 37, entries: 5000 }];
    expect(toWindowCoverage(stored({ evictions }), window, at(62), PENDING).evictions).toBe(evictions);
  });
});

describe('findCollectedBuckets', () => {
  const buckets = Array.from({ length: 6 }, (_, i) => at(i * 10));

  it('is false only for buckets no collected moment falls in', () => {
    const coverage = { gaps: [{ from: at(15), to: at(40) }], pending: null, evictions: [] };
    // 10–20 and 40–50 are partly collected; 20–30 and 30–40 not at all.
    expect(findCollectedBuckets(buckets, 10 * MIN, window, coverage)).toEqual([true, true, false, false, true, true]);
  });

  it('judges a bucket by the part inside the window, and counts the pending stretch as not collected', () => {
    const shifted = { from: at(5), to: at(55) };
    const coverage = { gaps: [{ from: at(5), to: at(10) }], pending: { from: at(50), to: at(55) }, evictions: [] };
    expect(findCollectedBuckets(buckets, 10 * MIN, shifted, coverage)).toEqual([false, true, true, true, true, false]);
  });
});

describe('maskUncollected', () => {
  it('keeps a collected zero and nulls what was not collected', () => {
    expect(maskUncollected([0, 3, 0], [true, true, false])).toEqual([0, 3, null]);
  });
});

describe('formatSpan', () => {
  it('writes the date once within a day, both otherwise', () => {
    expect(formatSpan({ from: at(10), to: at(40) })).toBe('2026-12-02 03:10:00 – 03:40:00 UTC');
    expect(formatSpan({ from: at(-240), to: at(0) })).toBe('2026-12-01 23:00:00 UTC – 2026-12-02 03:00:00 UTC');
  });
});
