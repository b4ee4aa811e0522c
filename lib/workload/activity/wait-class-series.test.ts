import { describe, expect, it } from 'vitest';
import { bucketMsFor, toWaitClassSeries, waitClassSchema, windowStart } from './wait-class-series';

const t = (iso: string) => new Date(`2026-12-05T${iso}Z`);

const span = (from: Date, ms: number) => ({ from, to: new Date(from.getTime() + ms) });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('bucketMsFor', () => {
  it('buckets the presets as before: 1 min for 15 min and 1 h, 5 min for 6 h, 15 min for 24 h, 2 h for 7 d', () => {
    const widths = [15 * 60_000, HOUR, 6 * HOUR, DAY, 7 * DAY].map((ms) => bucketMsFor(span(t('10:00:00'), ms)));
    expect(widths).toEqual([60_000, 60_000, 5 * 60_000, 15 * 60_000, 2 * HOUR]);
  });

  it('derives a dragged range from its span, at most 100 points, a minute at the finest', () => {
    expect(bucketMsFor(span(t('10:00:00'), 60_000))).toBe(60_000);
    expect(bucketMsFor(span(t('10:00:00'), 100 * 60_000))).toBe(60_000);
    expect(bucketMsFor(span(t('10:00:00'), 101 * 60_000))).toBe(5 * 60_000);
    expect(bucketMsFor(span(t('10:00:00'), 40 * HOUR))).toBe(30 * 60_000);
    expect(bucketMsFor(span(t('10:00:00'), 90 * DAY))).toBe(DAY);
    // Beyond the widths (parseWindow refuses more than 90 days, but the bound holds anyway): whole days.
    expect(bucketMsFor(span(t('10:00:00'), 250 * DAY))).toBe(3 * DAY);
    for (let minutes = 1; minutes <= 130 * 24 * 60; minutes = Math.ceil(minutes * 1.37)) {
      const window = span(t('10:00:00'), minutes * 60_000);
      const points = Math.ceil((window.to.getTime() - windowStart(window).getTime()) / bucketMsFor(window));
      expect(points, `${minutes} min`).toBeLessThanOrEqual(101);
    }
  });
});

describe('windowStart', () => {
  it('starts the window on a bucket boundary', () => {
    expect(windowStart(span(t('09:30:20'), HOUR))).toEqual(t('09:30:00'));
    expect(windowStart(span(new Date('2026-12-04T10:31:00Z'), DAY))).toEqual(new Date('2026-12-04T10:30:00Z'));
    expect(windowStart(span(t('03:10:00'), 7 * DAY))).toEqual(t('02:00:00'));
  });

  it('leaves a range dragged across a coarser chart where it is: each width divides the next', () => {
    // Dragged on a 7-day chart (2 h buckets): 04:00 to 16:00, twelve hours, so 15-minute buckets.
    const dragged = { from: t('04:00:00'), to: t('16:00:00') };
    expect(bucketMsFor(dragged)).toBe(15 * 60_000);
    expect(windowStart(dragged)).toEqual(dragged.from);
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
