/**
 * Average active sessions by wait class over a window, from the stored minutes: per time bucket, the session
 * counts summed over the bucket's samples divided by the number of samples (a minute with samples and no active
 * session is a zero; a bucket with no sample at all — the collector was not running — is a gap). Pure.
 */
import { z } from 'zod';
import type { TimeWindow } from '../window';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** At most this many points per chart: enough to see a spike, few enough to draw a week or 90 days at once. */
const MAX_POINTS = 100;

/**
 * Bucket widths, finest first. A minute is the finest (the stored rows are minutes). Each width divides the next, so
 * a range dragged across a chart of coarser buckets starts and ends on a boundary of the finer ones it gets.
 */
const BUCKET_WIDTHS_MS = [1, 5, 15, 30, 60, 120, 360, 720, 1440].map((minutes) => minutes * MINUTE_MS);

/**
 * The bucket width of a window: the finest that keeps it within MAX_POINTS points, derived from its span alone, so a
 * preset and a dragged range of the same length are bucketed alike: 1 min up to 100 min (the 15 min and 1 h presets),
 * 5 min for 6 h, 15 min for 24 h, 2 h for 7 d, a day for 90 d.
 */
export function bucketMsFor(window: Pick<TimeWindow, 'from' | 'to'>): number {
  const spanMs = window.to.getTime() - window.from.getTime();
  return (
    BUCKET_WIDTHS_MS.find((width) => spanMs / width <= MAX_POINTS) ?? Math.ceil(spanMs / MAX_POINTS / DAY_MS) * DAY_MS
  );
}

/**
 * Where the window's reads start: its start moved back to a bucket boundary, so every bucket is whole (a preset
 * starts at the clock's second; a range dragged on the chart is on a boundary already).
 */
export function windowStart(window: Pick<TimeWindow, 'from' | 'to'>): Date {
  const bucket = bucketMsFor(window);
  return new Date(Math.floor(window.from.getTime() / bucket) * bucket);
}

/** Session samples of one wait class in one bucket (bucket start, ms since the epoch). */
export interface WaitClassBucket {
  bucket: number;
  waitClass: string;
  sessions: number;
}

/** How many samples one bucket took. */
export interface SampleBucket {
  bucket: number;
  samples: number;
}

/** One chart point: `t` and, per wait class, its average active sessions (null where the bucket had no sample). */
export type WaitClassPoint = { t: number } & Record<string, number | null>;

export interface WaitClassAverage {
  waitClass: string;
  /** Average active sessions in this class over every sample of the window. */
  average: number;
  sessionSamples: number;
}

export interface WaitClassSeries {
  points: WaitClassPoint[];
  /** Every class seen in the window, the busiest first. */
  classes: WaitClassAverage[];
  /** Samples taken in the window: the denominator of every average. */
  samples: number;
}

export function toWaitClassSeries(
  sessions: readonly WaitClassBucket[],
  samples: readonly SampleBucket[],
  start: Date,
  end: Date,
  bucketMs: number,
): WaitClassSeries {
  const samplesIn = new Map(samples.map((row) => [row.bucket, row.samples]));
  const totals = new Map<string, number>();
  const byBucket = new Map<number, Map<string, number>>();
  for (const row of sessions) {
    totals.set(row.waitClass, (totals.get(row.waitClass) ?? 0) + row.sessions);
    const classes = byBucket.get(row.bucket) ?? byBucket.set(row.bucket, new Map()).get(row.bucket)!;
    classes.set(row.waitClass, (classes.get(row.waitClass) ?? 0) + row.sessions);
  }
  const allSamples = samples.reduce((sum, row) => sum + row.samples, 0);
  const classes = [...totals.entries()]
    .map(([waitClass, sessionSamples]) => ({
      waitClass,
      sessionSamples,
      average: allSamples > 0 ? sessionSamples / allSamples : 0,
    }))
    .sort((a, b) => b.sessionSamples - a.sessionSamples || a.waitClass.localeCompare(b.waitClass));
  const points: WaitClassPoint[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += bucketMs) {
    const taken = samplesIn.get(t) ?? 0;
    const point: WaitClassPoint = { t };
    for (const { waitClass } of classes)
      point[waitClass] = taken > 0 ? (byBucket.get(t)?.get(waitClass) ?? 0) / taken : null;
    points.push(point);
  }
  return { points, classes, samples: allSamples };
}

/** A wait class named in a URL: a wait_event_type's shape (Lock, LWLock, IO…) or CPU, never arbitrary text. */
export const waitClassSchema = z.string().regex(/^[A-Za-z]{1,32}$/);
