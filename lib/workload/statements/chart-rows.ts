/**
 * Shapes a window's time series for the stacked chart (one row per bucket, one column per statement) and its
 * coverage for every chart of the window (regions to mark). Pure.
 */
import { formatCount } from '../../format';
import type { TimeShareSeries } from './history';
import type { WindowCoverage } from './window-coverage';

/** The palette has five colours: the top four statements and everything else. */
export const STACKED_STATEMENTS = 4;

/**
 * One row per bucket: each of `topIds`' time per second, and "other" for everything else — the series' own "other"
 * plus every statement it holds that is not among the top (the page's sparkline statements). A bucket nothing was
 * collected for is null throughout, so the areas break there rather than dropping to zero.
 */
export function toStackedRows(series: TimeShareSeries, topIds: readonly string[]): Record<string, number | null>[] {
  const top = new Set(topIds);
  return series.buckets.map((t, index) => {
    const row: Record<string, number | null> = { t, other: 0 };
    for (const [key, values] of Object.entries(series.series)) {
      const value = values[index];
      if (top.has(key)) row[key] = value;
      else row.other = value === null || row.other === null ? null : row.other + value;
    }
    return row;
  });
}

/** A stretch of a chart's time axis to mark (structurally components/history/chart-regions.tsx's ChartRegion). */
export interface CoverageRegion {
  from: number;
  to: number;
  label: string;
  /** gap: nothing was collected; partial: collected, but the counts are a lower bound. */
  kind: 'gap' | 'partial';
}

/** The window's gaps, shaded "not collected", and its buckets with evictions, outlined with their count. */
export function toCoverageRegions(coverage: WindowCoverage): CoverageRegion[] {
  return [
    ...coverage.gaps.map((gap) => ({ ...gap, label: 'not collected', kind: 'gap' as const })),
    ...coverage.evictions.map(({ from, to, evicted }) => ({
      from,
      to,
      label: `${formatCount(evicted)} evicted`,
      kind: 'partial' as const,
    })),
  ];
}

/** A short label for a statement in a legend: its first words, or its queryid without a text. */
export function shortLabel(query: string | null, queryId: string, length = 40): string {
  if (!query) return `queryid ${queryId}`;
  const flat = query.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
