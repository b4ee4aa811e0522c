/**
 * The time window of a history view: a preset (?range=15m…7d) or a range dragged on a chart (?from=…&to=…, ISO
 * instants). Lives in the URL so a link reproduces the view. Pure.
 */
import { z } from 'zod';
import { formatTimestamp } from '../format';
import { HISTORY_RANGES, historyRangeSchema, type HistoryRange } from '../monitoring/history';

export interface TimeWindow {
  from: Date;
  to: Date;
  /** The preset it came from; null for a dragged range. */
  range: HistoryRange | null;
}

export interface WindowParams {
  range?: string;
  from?: string;
  to?: string;
}

/** A dragged range is at least a minute (one interval at the default) and at most the hourly rollups' 90 days. */
const MIN_WINDOW_MS = 60_000;
const MAX_WINDOW_MS = 90 * 86_400_000;

const instant = z.iso.datetime({ offset: true });

/** The window, or the preset with a message saying what was wrong with a malformed `from`/`to`. */
export function parseWindow(
  params: WindowParams,
  now = new Date(),
  fallback: HistoryRange = '1h',
): { window: TimeWindow; problem: string | null } {
  const preset = (range: HistoryRange): TimeWindow => ({
    from: new Date(now.getTime() - HISTORY_RANGES[range]),
    to: now,
    range,
  });
  const chosen = params.range === undefined ? fallback : historyRangeSchema.parse(params.range);
  if (params.from === undefined && params.to === undefined) return { window: preset(chosen), problem: null };
  const from = instant.safeParse(params.from);
  const to = instant.safeParse(params.to);
  if (!from.success || !to.success)
    return {
      window: preset(chosen),
      problem:
        'The time range needs both "from" and "to" as ISO 8601 instants (2026-12-02T03:10:00Z); showing the preset instead.',
    };
  const window = { from: new Date(from.data), to: new Date(to.data), range: null };
  const span = window.to.getTime() - window.from.getTime();
  if (span < MIN_WINDOW_MS || span > MAX_WINDOW_MS)
    return {
      window: preset(chosen),
      problem: 'A time range must run forward and span between one minute and 90 days.',
    };
  return { window, problem: null };
}

/** The search parameters of a window, for links that keep it beside a page's other parameters. */
export function windowParams(window: TimeWindow): { range: HistoryRange } | { from: string; to: string } {
  return window.range ? { range: window.range } : { from: window.from.toISOString(), to: window.to.toISOString() };
}

/** The query string of a window, for links that keep it. */
export function windowQuery(window: TimeWindow): string {
  return new URLSearchParams(windowParams(window)).toString();
}

/** A cache key of a window: a preset's name (it moves with the clock), a dragged range's two instants. */
export function windowKey(window: TimeWindow): string {
  return window.range ?? `${window.from.toISOString()}/${window.to.toISOString()}`;
}

/** The window in words, for a heading or a description: "last 1h", or the dragged range's two instants. */
export function describeWindow(window: TimeWindow): string {
  return window.range ? `last ${window.range}` : `${formatTimestamp(window.from)} – ${formatTimestamp(window.to)}`;
}
