import { describe, expect, it } from 'vitest';
import { HISTOGRAM_GROWTH } from './definitions';
import { bucketValue, HISTOGRAM_RELATIVE_ERROR, histogramPercentile } from './histogram';

const bucketOf = (value: number) => (value <= 0 ? -1 : Math.floor(Math.log(value) / Math.log(HISTOGRAM_GROWTH)));

function exactPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low] + (rank - low) * ((sorted[low + 1] ?? sorted[low]) - sorted[low]);
}

describe('histogram percentiles', () => {
  it('reads every value within 1 % of itself', () => {
    expect(HISTOGRAM_RELATIVE_ERROR).toBeLessThan(0.01);
    for (const value of [1, 2, 37, 900, 2600, 12_345, 599_999]) {
      expect(Math.abs(bucketValue(bucketOf(value)) - value) / value).toBeLessThanOrEqual(
        HISTOGRAM_RELATIVE_ERROR + 1e-12,
      );
    }
    expect(bucketValue(-1)).toBe(0);
  });

  it('gives p50 and p95 within 1 % of percentile_cont on a skewed sample', () => {
    const values = Array.from({ length: 5_001 }, (_, i) => Math.round(300 * Math.exp((i % 97) / 30) + (i % 13)));
    const buckets = new Map<number, number>();
    for (const value of values) buckets.set(bucketOf(value), (buckets.get(bucketOf(value)) ?? 0) + 1);
    const histogram = [...buckets].map(([bucket, rows]) => ({ bucket, rows }));
    for (const p of [0.5, 0.95]) {
      const exact = exactPercentile(values, p);
      expect(Math.abs(histogramPercentile(histogram, p)! - exact) / exact).toBeLessThan(0.01);
    }
  });

  it('has no percentile without values, and one value is its own', () => {
    expect(histogramPercentile([], 0.5)).toBeNull();
    expect(histogramPercentile([{ bucket: bucketOf(1000), rows: 1 }], 0.95)).toBeCloseTo(bucketValue(bucketOf(1000)));
  });
});
