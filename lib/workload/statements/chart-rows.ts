/**
 * Shapes a window's time series for the stacked chart: one row per bucket, one column per statement. Pure.
 */
import type { TimeShareSeries } from './history';

/** The palette has five colours: the top four statements and everything else. */
export const STACKED_STATEMENTS = 4;

/**
 * One row per bucket: each of `topIds`' time per second, and "other" for everything else — the series' own "other"
 * plus every statement it holds that is not among the top (the page's sparkline statements).
 */
export function toStackedRows(series: TimeShareSeries, topIds: readonly string[]): Record<string, number>[] {
  const top = new Set(topIds);
  return series.buckets.map((t, index) => {
    const row: Record<string, number> = { t, other: 0 };
    for (const [key, values] of Object.entries(series.series)) {
      if (top.has(key)) row[key] = values[index];
      else row.other += values[index];
    }
    return row;
  });
}

/** A short label for a statement in a legend: its first words, or its queryid without a text. */
export function shortLabel(query: string | null, queryId: string, length = 40): string {
  if (!query) return `queryid ${queryId}`;
  const flat = query.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
