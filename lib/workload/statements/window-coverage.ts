/**
 * What of a window the statement history collected, and where pg_stat_statements evicted entries — so a chart tells
 * "nothing was collected here" (a gap: null, the line breaks) from "collected, and the statement did not run" (0),
 * and says where its counts are only a lower bound. Pure; ./load-coverage.ts reads the stored intervals.
 *
 * Each stored interval (console.statement_interval) covers (sampled_at − seconds, sampled_at]. Time of the window
 * that no interval covers was not collected: the target or the collector was away, the target restarted, a new
 * collector leader began (each a new baseline, ./deltas.ts), or the console store could not take an interval. The
 * coverage is read from the intervals, never from missing statement rows: an idle minute stores no statement row
 * but is collected all the same.
 */
import { formatTimestamp } from '../../format';

/** A stretch of time, epoch ms. */
export interface Span {
  from: number;
  to: number;
}

/**
 * An uncovered stretch shorter than this is rounding between two reads (an interval's `seconds` is a real, its end
 * a timestamp to the millisecond), not a gap.
 */
export const SLIVER_MS = 1_000;

/** What ./load-coverage.ts reads: the intervals around the window, summed up. */
export interface StoredCoverage {
  /** Holes between consecutive stored intervals (the one before the window, those in it and the one after). */
  holes: Span[];
  /** Start of the first of those intervals and end of the last; null when the target has none. */
  first: number | null;
  last: number | null;
  evictions: EvictionBucket[];
}

/** A chart bucket in which pg_stat_statements evicted entries: its counts are a lower bound. */
export interface EvictionBucket {
  /** The bucket, epoch ms. */
  from: number;
  to: number;
  /** Entries evicted in the intervals that ended in the bucket (pg_stat_statements_info.dealloc, 14+). */
  evicted: number;
  /** The most entries pg_stat_statements held at the end of one of them: about its pg_stat_statements.max. */
  entries: number;
}

export interface WindowCoverage {
  /** Stretches of the window nothing was collected for, oldest first. */
  gaps: Span[];
  /** The window's newest stretch whose interval is not due yet: not collected, but not a gap either. */
  pending: Span | null;
  evictions: EvictionBucket[];
}

/** Clips spans to `window`, drops slivers, and merges those that touch; oldest first. */
function normalize(spans: readonly Span[], window: Span): Span[] {
  const clipped = spans
    .map((span) => ({ from: Math.max(span.from, window.from), to: Math.min(span.to, window.to) }))
    .filter((span) => span.to - span.from > SLIVER_MS)
    .sort((a, b) => a.from - b.from);
  const merged: Span[] = [];
  for (const span of clipped) {
    const previous = merged.at(-1);
    if (previous && span.from <= previous.to) previous.to = Math.max(previous.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * The gaps of `window`: the holes between stored intervals, the start of the window before the first one, and its
 * end after the last — unless that end is only waiting for the next interval (`now` within `pendingMs` of the
 * last one: ./deltas.ts's maxGapSeconds, after which a read would start a new baseline anyway).
 */
export function toWindowCoverage(stored: StoredCoverage, window: Span, now: number, pendingMs: number): WindowCoverage {
  if (stored.first === null || stored.last === null)
    return { gaps: normalize([window], window), pending: null, evictions: stored.evictions };
  const uncovered = [...stored.holes, { from: window.from, to: stored.first }];
  const tail = { from: stored.last, to: window.to };
  const isPending = now - stored.last <= pendingMs;
  if (!isPending) uncovered.push(tail);
  const [pending = null] = isPending ? normalize([tail], window) : [];
  return { gaps: normalize(uncovered, window), pending, evictions: stored.evictions };
}

/**
 * Per bucket (its start, `widthMs` wide): whether any of it — within the window — was collected. A bucket that was
 * not is a gap on the charts (null), one that was shows its figures, 0 when nothing ran.
 */
export function findCollectedBuckets(
  buckets: readonly number[],
  widthMs: number,
  window: Span,
  coverage: WindowCoverage,
): boolean[] {
  const uncovered = [...coverage.gaps, ...(coverage.pending ? [coverage.pending] : [])];
  const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a.to, b.to) - Math.max(a.from, b.from));
  return buckets.map((start) => {
    const bucket = { from: Math.max(start, window.from), to: Math.min(start + widthMs, window.to) };
    const missing = uncovered.reduce((sum, span) => sum + overlap(bucket, span), 0);
    return bucket.to - bucket.from - missing > 0;
  });
}

/** `values` with null in every bucket that was not collected. */
export function maskUncollected<T>(values: readonly T[], collected: readonly boolean[]): (T | null)[] {
  return values.map((value, index) => (collected[index] ? value : null));
}

/** "2026-12-02 03:10:00 – 03:40:00 UTC" (the date once when both ends share it). */
export function formatSpan(span: Span): string {
  const from = formatTimestamp(new Date(span.from));
  const to = formatTimestamp(new Date(span.to));
  return from.slice(0, 10) === to.slice(0, 10) ? `${from.slice(0, -4)} – ${to.slice(11)}` : `${from} – ${to}`;
}
