/**
 * Upkeep work that reads a stretch of one day in steps, each as long as what is left of a cycle's budget pays for
 * (./run-insights-cycle.ts): at ten million rows an append table's day is 100,000–330,000 rows to count (10–45 ms,
 * more where the visibility map is not set yet), and ten minutes of the queue are 1,000–2,000 rows in random heap
 * order (10–140 ms when its pages are not cached: 60 µs a page from disk). No single read fits what a cycle has left
 * after the new rows, so a sweep reads a few seconds or minutes at a time and adds up over cycles:
 *  - verify: an append table's day by count(*); judged when the counts cover it;
 *  - recount: a run of a mutable table's slots, its parts' aggregates kept until they cover the run, then written
 *    together (the store merges the pieces by key: ./store.ts writeSlices).
 */
import type { RollupTableName } from './definitions';
import { dayOf, dayStart, msToNaive, naiveToMs, sliceEnd, sliceStart, WHOLE_DAY, type Slice } from './naive-time';

/** What a statement costs beside its rows (planning, a round trip), in ms: part of every step's expected cost. */
export const STEP_OVERHEAD_MS = 1;

/** A step's expected cost: its statement's overhead and its rows at the table's measured cost per row. */
export const expectedStepMs = (rows: number, msPerRow: number) => STEP_OVERHEAD_MS + (rows + 1) * msPerRow;

export interface Sweep {
  table: RollupTableName;
  kind: 'verify' | 'recount';
  /** The day, or the run of slots, it covers. */
  slices: readonly Slice[];
  /**
   * A verification of the open day (the watermark's): counted up to the watermark as it was when it started, against
   * the rows stored then — the cycles meanwhile fold in only rows at or after it.
   */
  open: boolean;
  /** The rows stored for the stretch when it started: what a verification must count, and the density of both. */
  expected: number;
  from: string;
  until: string;
  /** Where the next step starts, and what the steps before it read. */
  next: string;
  counted: number;
  /** recount: each part's aggregates, one JSON array per step. */
  pieces: string[][];
}

export function startVerification(
  table: RollupTableName,
  day: { day: string; rows: number },
  sealedThrough: string,
): Sweep {
  const open = dayOf(sealedThrough) === day.day;
  const slice = { day: day.day, minute: WHOLE_DAY };
  return {
    table,
    kind: 'verify',
    slices: [slice],
    open,
    expected: day.rows,
    from: dayStart(day.day),
    until: open ? sealedThrough : sliceEnd(slice),
    next: dayStart(day.day),
    counted: 0,
    pieces: [],
  };
}

export function startRecount(table: RollupTableName, run: readonly (Slice & { rows: number })[]): Sweep {
  const from = sliceStart(run[0]);
  return {
    table,
    kind: 'recount',
    slices: run.map(({ day, minute }) => ({ day, minute })),
    open: false,
    expected: run.reduce((sum, slice) => sum + slice.rows, 0),
    from,
    until: sliceEnd(run[run.length - 1]),
    next: from,
    counted: 0,
    pieces: [],
  };
}

/**
 * A step covers whole multiples of ten seconds of data, at least one: small enough that even ten seconds of the cache
 * read from disk (about 40 rows, its two parts, 5 ms) fits what a cycle has left after the new rows.
 */
const MIN_SPAN_MS = 10_000;

/**
 * The next step: as much of the rest of the stretch as `roomMs` of query time reads at `msPerRow`, its rows taken
 * as spread evenly over it, in whole multiples of MIN_SPAN_MS and at least one, and what that is expected to cost.
 */
export function nextStep(
  sweep: Sweep,
  roomMs: number,
  msPerRow: number,
): { from: string; to: string; expectedMs: number } {
  const untilMs = naiveToMs(sweep.until);
  const nextMs = naiveToMs(sweep.next);
  const rowsPerMs = sweep.expected / Math.max(1, untilMs - naiveToMs(sweep.from));
  const msPerSpanMs = rowsPerMs * msPerRow;
  const affordable = msPerSpanMs > 0 ? (roomMs - STEP_OVERHEAD_MS) / msPerSpanMs : Infinity;
  const span = Math.min(
    untilMs - nextMs,
    Math.max(MIN_SPAN_MS, Math.floor(affordable / MIN_SPAN_MS + 1e-9) * MIN_SPAN_MS),
  );
  return {
    from: sweep.next,
    to: nextMs + span >= untilMs ? sweep.until : msToNaive(nextMs + span),
    expectedMs: expectedStepMs(span * rowsPerMs, msPerRow),
  };
}

/** The steps cover the stretch: the sweep is done. */
export const isComplete = (sweep: Sweep) => sweep.next === sweep.until;

/** A recount's pieces of one part as one JSON array (the store merges rows of the same key). */
export function joinPieces(pieces: readonly string[]): string {
  const items = pieces.map((piece) => piece.trim().slice(1, -1).trim()).filter((body) => body !== '');
  return `[${items.join(',')}]`;
}
