/**
 * The watched server's local times as PostgreSQL writes TIMESTAMP WITHOUT TIME ZONE ('2026-12-02 06:50:01.123'),
 * handled as text so no time zone of this process shifts them. Arithmetic goes through milliseconds read as if UTC;
 * a bound written back has millisecond precision, and the same string ends one range and starts the next, so no row
 * falls between two reads or into both.
 */

const pattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;

export function naiveToMs(value: string): number {
  const match = pattern.exec(value);
  if (!match) throw new Error(`Not a timestamp: ${value}`);
  const [, y, mo, d, h, mi, s, fraction] = match;
  const ms = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
}

export function msToNaive(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' of a naive timestamp. */
export function dayOf(value: string): string {
  return value.slice(0, 10);
}

export function dayStart(day: string): string {
  return `${day} 00:00:00.000`;
}

export function addDays(day: string, days: number): string {
  return msToNaive(naiveToMs(dayStart(day)) + days * DAY_MS).slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((naiveToMs(dayStart(b)) - naiveToMs(dayStart(a))) / DAY_MS);
}

/**
 * What is counted whole at once (./definitions.ts RollupSource.slice): a day (minute -1), or a slot of SLOT_MINUTES
 * starting at that minute of the day.
 */
export interface Slice {
  day: string;
  minute: number;
}

export const WHOLE_DAY = -1;

/**
 * The length of a mutable table's slot. Ten minutes of the queue at ten million rows are about 2,000 rows in random
 * heap order, 5–15 ms of reading: one slot fits in what a cycle's budget leaves after the new rows (docs/insights.md).
 */
export const SLOT_MINUTES = 10;

const MINUTE_MS = 60_000;

export function sliceStart({ day, minute }: Slice): string {
  return minute === WHOLE_DAY ? dayStart(day) : msToNaive(naiveToMs(dayStart(day)) + minute * MINUTE_MS);
}

export function sliceEnd(slice: Slice): string {
  return slice.minute === WHOLE_DAY
    ? dayStart(addDays(slice.day, 1))
    : msToNaive(naiveToMs(sliceStart(slice)) + SLOT_MINUTES * MINUTE_MS);
}

/** 'YYYY-MM-DD HH:MM' of a slot, or the day of a whole-day slice: how the page names it. */
export function describeSlice(slice: Slice): string {
  return slice.minute === WHOLE_DAY ? slice.day : sliceStart(slice).slice(0, 16);
}
