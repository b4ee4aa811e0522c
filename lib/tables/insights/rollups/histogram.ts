/**
 * Percentiles from the log-bucket histogram of generation_time_ms (./definitions.ts HISTOGRAM_GROWTH): bucket b
 * holds [γ^b, γ^(b+1)), read as 2γ^(b+1)/(γ+1), which is within (γ−1)/(γ+1) < 1 % of every value in it. The rank
 * is percentile_cont's — p·(n−1), interpolated between the two neighbouring values — so an approximate figure sits
 * beside the exact one it stands in for.
 */
import { HISTOGRAM_GROWTH } from './definitions';

export interface HistogramBucket {
  bucket: number;
  rows: number;
}

/** The largest relative error of a value read from a bucket. */
export const HISTOGRAM_RELATIVE_ERROR = (HISTOGRAM_GROWTH - 1) / (HISTOGRAM_GROWTH + 1);

export function bucketValue(bucket: number): number {
  return bucket < 0 ? 0 : (2 * HISTOGRAM_GROWTH ** (bucket + 1)) / (HISTOGRAM_GROWTH + 1);
}

/** The p-th percentile (0–1), as percentile_cont would give from the bucketed values; null without values. */
export function histogramPercentile(buckets: readonly HistogramBucket[], p: number): number | null {
  const sorted = buckets.filter((b) => b.rows > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((sum, b) => sum + b.rows, 0);
  if (total === 0) return null;
  const rank = p * (total - 1);
  const valueAt = (position: number) => {
    let seen = 0;
    for (const b of sorted) {
      seen += b.rows;
      if (position < seen) return bucketValue(b.bucket);
    }
    return bucketValue(sorted[sorted.length - 1].bucket);
  };
  const low = Math.floor(rank);
  const fraction = rank - low;
  const lowValue = valueAt(low);
  return fraction === 0 ? lowValue : lowValue + fraction * (valueAt(low + 1) - lowValue);
}
