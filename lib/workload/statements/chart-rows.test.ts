import { describe, expect, it } from 'vitest';
import { shortLabel, toCoverageRegions, toStackedRows } from './chart-rows';
import type { TimeShareSeries } from './history';

const coverage = { gaps: [], pending: null, evictions: [] };

describe('toStackedRows', () => {
  it('keeps the top statements, sums the rest into "other", and leaves an uncollected bucket null throughout', () => {
    const series: TimeShareSeries = {
      buckets: [0, 60_000, 120_000],
      bucketSeconds: 60,
      series: { a: [1, null, 0], b: [2, null, 0], other: [0.5, null, 0] },
      calls: { a: [1, null, 0], b: [1, null, 0], other: [1, null, 0] },
      coverage,
    };
    expect(toStackedRows(series, ['a'])).toEqual([
      { t: 0, a: 1, other: 2.5 },
      { t: 60_000, a: null, other: null },
      // Collected, and nothing ran: zero, not a gap.
      { t: 120_000, a: 0, other: 0 },
    ]);
  });
});

describe('toCoverageRegions', () => {
  it('shades gaps as not collected and outlines eviction buckets with their count', () => {
    expect(
      toCoverageRegions({
        gaps: [{ from: 0, to: 600_000 }],
        pending: { from: 900_000, to: 960_000 },
        evictions: [{ from: 600_000, to: 660_000, evicted: 1234, entries: 5000 }],
      }),
    ).toEqual([
      { from: 0, to: 600_000, label: 'not collected', kind: 'gap' },
      { from: 600_000, to: 660_000, label: '1,234 evicted', kind: 'partial' },
    ]);
  });
});

describe('shortLabel', () => {
  it('shortens a text and names a statement without one by its queryid', () => {
    expect(shortLabel('SELECT   1\n FROM t', '42')).toBe('SELECT 1 FROM t');
    expect(shortLabel(null, '42')).toBe('queryid 42');
    expect(shortLabel('x'.repeat(50), '42', 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
