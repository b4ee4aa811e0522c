/**
 * Shapes a window's time series for the stacked chart: one row per bucket, one column per statement. Pure.
 */
import type { TimeShareSeries } from './history';

/** The palette has five colours: the top four statements and everything else. */
export const STACKED_STATEMENTS = 4;

export function toStackedRows(series: TimeShareSeries): Record<string, number>[] {
  return series.buckets.map((t, index) => {
    const row: Record<string, number> = { t };
    for (const [key, values] of Object.entries(series.series)) row[key] = values[index];
    return row;
  });
}

/** A short label for a statement in a legend: its first words, or its queryid without a text. */
export function shortLabel(query: string | null, queryId: string, length = 40): string {
  if (!query) return `queryid ${queryId}`;
  const flat = query.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
