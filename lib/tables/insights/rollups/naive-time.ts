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

/** What is counted whole at once (./definitions.ts RollupSource.slice): a day (hour -1) or one hour of it (0–23). */
export interface Slice {
  day: string;
  hour: number;
}

export const WHOLE_DAY = -1;

export function sliceStart({ day, hour }: Slice): string {
  return hour === WHOLE_DAY ? dayStart(day) : `${day} ${String(hour).padStart(2, '0')}:00:00.000`;
}

export function sliceEnd(slice: Slice): string {
  return slice.hour === WHOLE_DAY
    ? dayStart(addDays(slice.day, 1))
    : msToNaive(naiveToMs(sliceStart(slice)) + 3_600_000);
}
