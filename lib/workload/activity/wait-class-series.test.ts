import { describe, expect, it } from 'vitest';
import { bucketMsFor, toWaitClassSeries, waitClassSchema, windowStart } from './wait-class-series';

const t = (iso: string) => new Date(`2026-12-05T${iso}Z`);

describe('windowStart', () => {
  it('starts the window on a bucket boundary', () => {
    expect(windowStart('1h', t('10:30:20'))).toEqual(t('09:30:00'));
    expect(windowStart('24h', t('10:31:00'))).toEqual(new Date('2026-12-04T10:30:00Z'));
    expect(bucketMsFor('7d')).toBe(2 * 3_600_000);
  });
});

describe('toWaitClassSeries', () => {
  const start = t('10:00:00');
  const end = t('10:03:00');
  const minute = (iso: string) => t(iso).getTime();

  it('divides session samples by samples per bucket, with gaps where nothing was sampled', () => {
    const series = toWaitClassSeries(
      [
        { bucket: minute('10:00:00'), waitClass: 'CPU', sessions: 24 },
        { bucket: minute('10:00:00'), waitClass: 'Lock', sessions: 12 },
        { bucket: minute('10:01:00'), waitClass: 'CPU', sessions: 6 },
      ],
      [
        { bucket: minute('10:00:00'), samples: 12 },
        { bucket: minute('10:01:00'), samples: 12 },
      ],
      start,
      end,
      60_000,
    );
    expect(series.points).toEqual([
      { t: minute('10:00:00'), CPU: 2, Lock: 1 },
      { t: minute('10:01:00'), CPU: 0.5, Lock: 0 },
      { t: minute('10:02:00'), CPU: null, Lock: null },
    ]);
    expect(series.samples).toBe(24);
    expect(series.classes).toEqual([
      { waitClass: 'CPU', sessionSamples: 30, average: 1.25 },
      { waitClass: 'Lock', sessionSamples: 12, average: 0.5 },
    ]);
  });

  it('is empty of classes when nothing was active', () => {
    const series = toWaitClassSeries([], [{ bucket: minute('10:00:00'), samples: 12 }], start, end, 60_000);
    expect(series.classes).toEqual([]);
    expect(series.points).toHaveLength(3);
  });
});

describe('waitClassSchema', () => {
  it('takes a wait class and refuses anything else', () => {
    expect(waitClassSchema.safeParse('LWLock').success).toBe(true);
    expect(waitClassSchema.safeParse("Lock' OR 1=1").success).toBe(false);
    expect(waitClassSchema.safeParse('').success).toBe(false);
  });
});
