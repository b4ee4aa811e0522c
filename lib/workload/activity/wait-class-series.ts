/**
 * Average active sessions by wait class over a window, from the stored minutes: per time bucket, the session
 * counts summed over the bucket's samples divided by the number of samples (a minute with samples and no active
 * session is a zero; a bucket with no sample at all — the collector was not running — is a gap). Pure.
 */
import { z } from 'zod';
import { HISTORY_RANGES, type HistoryRange } from '../../monitoring/history';

/** Bucket widths: 15 to 100 points per chart. */
const BUCKET_MS: Record<HistoryRange, number> = {
  '15m': 60_000,
  '1h': 60_000,
  '6h': 5 * 60_000,
  '24h': 15 * 60_000,
  '7d': 2 * 3_600_000,
};

export function bucketMsFor(range: HistoryRange): number {
  return BUCKET_MS[range];
}

/** The start of the window: `range` before `now`, on a bucket boundary so every bucket is whole. */
export function windowStart(range: HistoryRange, now: Date): Date {
  const bucket = BUCKET_MS[range];
  return new Date(Math.floor((now.getTime() - HISTORY_RANGES[range]) / bucket) * bucket);
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
