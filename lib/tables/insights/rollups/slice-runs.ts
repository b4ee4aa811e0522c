/**
 * Runs of consecutive slots: one statement reads several ten-minute slots of a day (./naive-time.ts SLOT_MINUTES)
 * where they are sparse — a day of a few hundred queue items is one read, not 144 — and one where they are dense.
 */
import { SLOT_MINUTES, WHOLE_DAY, type Slice } from './naive-time';

export const sliceKey = (slice: Slice) => `${slice.day}/${slice.minute}`;

/**
 * `first` and the slots of its day that follow it in `pool` (keyed by sliceKey) without a gap, while `fits` accepts
 * the next one. A whole day is a run of its own.
 */
export function takeRun<T extends { slice: Slice }>(
  first: T,
  pool: ReadonlyMap<string, T>,
  fits: (run: readonly T[], next: T) => boolean,
): T[] {
  const run = [first];
  if (first.slice.minute === WHOLE_DAY) return run;
  for (let minute = first.slice.minute + SLOT_MINUTES; minute < 24 * 60; minute += SLOT_MINUTES) {
    const next = pool.get(sliceKey({ day: first.slice.day, minute }));
    if (!next || !fits(run, next)) break;
    run.push(next);
  }
  return run;
}
