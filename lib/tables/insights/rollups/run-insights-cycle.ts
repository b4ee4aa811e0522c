/**
 * One insights cycle (run by the leader, ./scheduler.ts): brings every table's rollups up to date at a bounded cost
 * to the watched database.
 *
 * 1. Append tables (audit, metrics, A/B results): read the rows past the watermark through the time index, fold
 *    those older than the late-arrival window into the day rows, replace the window's rows (the tail), and move
 *    the watermark. Once last cycle's tail has aged past the window and a count finds it unchanged, it is sealed in
 *    the store and only newer rows are read (sealConfirmedTail). After a stop or on the first cycle the watermark
 *    is far behind: it catches up in steps of about STEP_TARGET_ROWS rows, under the build budget.
 * 2. List the days each table has (a loose index scan) — every table on a process's first cycle, then one table a
 *    cycle every few minutes — mark for a whole count the slices (days, or ten-minute slots of the mutable tables'
 *    days) not in the rollups yet, and forget the days gone from the source.
 * 3. Build: count whole the slices so marked, today's neighbours first, under the build budget
 *    (INSIGHTS_BUILD_BUDGET_MS) — the first build, consecutive slots in runs of about BUILD_RUN_ROWS rows, and the
 *    days found wrong. A whole-day count of a closed day also computes its exact percentiles.
 * 4. Upkeep, in what the cycle budget (INSIGHTS_CYCLE_BUDGET_MS) leaves after steps 1 to 3, the tables taking
 *    turns: verify the append tables' days by count(*) (the stalest first): a closed day found wrong — late rows,
 *    deletes — is marked for a whole count; the open day's sealed part is counted again at once, up to the
 *    watermark. Re-count whole the mutable tables' slots (stalest first, the slots of the days around today ten
 *    times as often). Each is a sweep (./sweep.ts) read in steps sized to the room left; a step that does not fit
 *    waits, and one that has waited STARVED_CYCLES cycles runs first and alone.
 *
 * The budgets are the time spent waiting on the watched database, measured here.
 */
import 'server-only';
import { errorMessage } from '../../../errors';
import { toAppError } from '../../../pg/sqlstate';
import { ROLLUP_SOURCES, type RollupSource, type RollupTableName } from './definitions';
import {
  DAY_MS,
  dayOf,
  daysBetween,
  dayStart,
  describeSlice,
  msToNaive,
  naiveToMs,
  SLOT_MINUTES,
  WHOLE_DAY,
  type Slice,
} from './naive-time';
import { sliceKey, takeRun } from './slice-runs';
import {
  aggregatePart,
  aggregateRange,
  aggregateSlices,
  countRange,
  estimateSourceRows,
  getSourceClock,
  listSourceDays,
  NO_TAIL,
  type SourceClock,
} from './source';
import {
  forgetDays,
  markForRebuild,
  markVerified,
  listSourceStates,
  listStoredSlices,
  writeAdvance,
  writeCycleOutcomes,
  writeSlices,
  type CycleOutcome,
  type SourceState,
  type StoredSlice,
} from './store';
import {
  expectedStepMs,
  isComplete,
  joinPieces,
  nextStep,
  startRecount,
  startVerification,
  STEP_OVERHEAD_MS,
  type Sweep,
} from './sweep';

export interface CycleSettings {
  lateSeconds: number;
  cycleBudgetMs: number;
  buildBudgetMs: number;
  /** How often each table's days are listed (step 2). */
  listDaysEveryMs: number;
  /**
   * How many tables' days are listed again in one cycle at most: one in production, so the listings' probes (a few
   * ms per table and month of days) spread over cycles instead of adding up in one. A process's first cycle lists
   * every table.
   */
  listingsPerCycle: number;
  /** The target the reads go to (for the page's "built from"). */
  sourceTarget: string;
  /** The watched server's clock; tests give one of their own to cross a day boundary. */
  readNow?: () => Promise<SourceClock>;
}

/** What one cycle cost and did: the bench prints it, the tests read it. */
export interface CycleReport {
  /** Time spent waiting on the watched database, all steps. */
  sourceMs: number;
  /** Of which the first build and rebuilds of days found wrong. */
  buildMs: number;
  statements: number;
  /** Rows aggregated by the watermark's advance (sealed and tail). */
  advancedRows: number;
  /** Tails a count confirmed, sealed without being read again (the cheap advance). */
  confirmedTails: number;
  /** Rows counted whole by builds and rotation. */
  rebuiltRows: number;
  /** Slices counted whole by the build (days, or slots of the mutable tables). */
  builtSlices: number;
  /** Upkeep: append tables' days verified by count(*), mutable tables' slots counted whole again. */
  verifiedDays: number;
  recountedSlots: number;
  /** The upkeep's steps, and the sweeps they finished: a verification or a recount may take several, over cycles. */
  upkeepSteps: number;
  completedSweeps: number;
  errors: Partial<Record<RollupTableName, string>>;
}

/** A slice whose count failed (too big for the statement timeout, say): tried again later, not every cycle. */
interface SliceBackoff {
  table: RollupTableName;
  slice: Slice;
  attempts: number;
  retryAt: number;
  error: string;
}

export interface CycleMemory {
  /** Each table's catch-up step in ms, adapted to about STEP_TARGET_ROWS rows. */
  stepMs: Map<RollupTableName, number>;
  daysListedAt: Map<RollupTableName, number>;
  /** By `table/day/minute`. */
  backoff: Map<string, SliceBackoff>;
  /** Per table, cycles in a row in which its next upkeep step did not fit in what the budget left (STARVED_CYCLES). */
  starvedCycles: Map<RollupTableName, number>;
  /** Each table's sweep under way: a day being verified, or slots being re-counted, step by step (./sweep.ts). */
  sweeps: Map<RollupTableName, Sweep>;
  /** How many consecutive slots the build reads at once, per table, adapted to about BUILD_RUN_ROWS rows. */
  buildRunSlots: Map<RollupTableName, number>;
  /** Each table's measured upkeep cost per stored row, in ms: a step's expected cost. */
  upkeepMsPerRow: Map<RollupTableName, number>;
  /** Which table's turn comes first, moving on every cycle. */
  turn: number;
}

export function createCycleMemory(): CycleMemory {
  return {
    stepMs: new Map(),
    daysListedAt: new Map(),
    backoff: new Map(),
    starvedCycles: new Map(),
    sweeps: new Map(),
    buildRunSlots: new Map(),
    upkeepMsPerRow: new Map(),
    turn: 0,
  };
}

/**
 * After this many cycles in which a table's next upkeep step did not fit in what the budget left (a slot so dense
 * that its count costs more than the budget less the new rows), it runs first and alone in a cycle: the table's
 * upkeep never stops for good, and the mean cost per cycle stays within the budget plus that step's cost divided by
 * STARVED_CYCLES.
 */
const STARVED_CYCLES = 8;
/**
 * A step's cost per row before the table's is measured: a page read from disk per row (60 µs, measured on the
 * bench's server for the queue's random heap order), so a table's first steps are short rather than long.
 */
const DEFAULT_MS_PER_ROW = 0.06;
/** Steps of fewer rows teach nothing about the cost per row. */
const LEARN_MIN_ROWS = 100;

/**
 * Rows a build run aims at: a few tens of ms of reading. The first run of a table reads an hour of slots; the next
 * ones as many slots as the first's density says make this many rows, up to a whole day of a sparse table.
 */
const BUILD_RUN_ROWS = 20_000;
const FIRST_BUILD_RUN_SLOTS = 6;

/** A failed slice waits a minute, then twice as long after each further failure, up to an hour. */
const FIRST_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 3_600_000;

const backoffKey = (table: RollupTableName, slice: Slice) => `${table}/${slice.day}/${slice.minute}`;

/** Rows a catch-up step aims at: a few hundred ms of work, far under the statement timeout. */
const STEP_TARGET_ROWS = 200_000;
const MIN_STEP_MS = 60_000;
const FIRST_STEP_MS = 3_600_000;
/**
 * A tail read this much less than the late window ago is sealed by the cheap advance all the same: the leader's timer
 * may fire a little early, and a cycle that re-read the tail for a few ms would aggregate its rows twice.
 */
const TAIL_AGE_SLACK_MS = 1_000;

/**
 * A mutable table's slots within this many days of today, and an append table's open day, are checked this many
 * times as often as the rest.
 */
const NEAR_TODAY_DAYS = 1;
const NEAR_TODAY_WEIGHT = 10;
/** Upkeep steps in one cycle at most, whatever the budget. */
const MAX_UPKEEP_STEPS = 200;

class Meter {
  spentMs = 0;
  statements = 0;
  async time<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.spentMs += performance.now() - started;
      this.statements += 1;
    }
  }
}

/** The stored rows of a run of slices. */
const rowsIn = (run: readonly SliceTask[]) => run.reduce((sum, task) => sum + task.slice.rows, 0);

/** The rows an aggregate read counted (parts[0]'s `rows`): all of them, or those of the tail. */
function rowsOf(json: string, which: 'all' | 'tail' = 'all'): number {
  return (JSON.parse(json) as { rows: number | string; tail?: boolean }[])
    .filter((row) => which === 'all' || row.tail === true)
    .reduce((sum, row) => sum + Number(row.rows), 0);
}

/** The watermark's day: days before it are closed (every row of them is sealed). */
function sealedDay(state: SourceState | undefined): string | null {
  return state?.sealedThrough ? dayOf(state.sealedThrough) : null;
}

/**
 * The cheap advance: the stored tail — [watermark, tailThrough), read last cycle — has aged past the late window.
 * If a count of its range still finds the rows it holds, nothing arrived in it since it was read: it is sealed in the
 * store, and only the rows from tailThrough on are read, as the new tail. Each row is aggregated once, and counted
 * once, rather than aggregated twice. False when the tail cannot be confirmed so: the caller re-reads it.
 */
async function sealConfirmedTail(
  source: RollupSource,
  state: SourceState | undefined,
  visible: string,
  settings: CycleSettings,
  memory: CycleMemory,
  meter: Meter,
  report: CycleReport,
): Promise<boolean> {
  const { sealedThrough, tailThrough, tailRows } = state ?? {};
  if (!sealedThrough || !tailThrough || tailRows === null || tailRows === undefined) return false;
  const tailAgeMs = naiveToMs(visible) - naiveToMs(tailThrough);
  // A tail of long ago (the table was stopped, the leader down) is caught up with in steps by the caller instead.
  const catchUpStepMs = memory.stepMs.get(source.table) ?? FIRST_STEP_MS;
  if (
    naiveToMs(tailThrough) <= naiveToMs(sealedThrough) ||
    tailAgeMs < settings.lateSeconds * 1000 - TAIL_AGE_SLACK_MS ||
    tailAgeMs > catchUpStepMs
  )
    return false;
  if ((await meter.time(() => countRange(source, sealedThrough, tailThrough))) !== tailRows) return false;
  const parts: string[] = [];
  for (const part of source.parts)
    parts.push(
      part.wholeDayOnly ? '[]' : await meter.time(() => aggregatePart(part, tailThrough, visible, tailThrough)),
    );
  const rows = rowsOf(parts[0]);
  report.advancedRows += rows;
  report.confirmedTails += 1;
  await writeAdvance(source, parts, sealedThrough, tailThrough, { through: visible, rows }, true);
  return true;
}

async function advance(
  source: RollupSource,
  state: SourceState | undefined,
  clock: SourceClock,
  settings: CycleSettings,
  memory: CycleMemory,
  meter: Meter,
  build: Meter,
  report: CycleReport,
): Promise<void> {
  // Millisecond bounds, as every stored watermark: the same string ends one read and starts the next. Rows dated
  // after it (the future) are read once their time has come.
  const visible = msToNaive(naiveToMs(clock.visible));
  if (await sealConfirmedTail(source, state, visible, settings, memory, meter, report)) return;
  const windowStart = naiveToMs(visible) - settings.lateSeconds * 1000;
  // The first cycle starts at the day's beginning: the days before are counted whole by the build.
  let stored = state?.sealedThrough ?? null;
  let watermark = state?.sealedThrough
    ? naiveToMs(state.sealedThrough)
    : naiveToMs(dayStart(dayOf(msToNaive(windowStart))));
  for (;;) {
    const step = memory.stepMs.get(source.table) ?? FIRST_STEP_MS;
    const catchingUp = windowStart - watermark > step;
    const sealTo = Math.max(watermark, catchingUp ? watermark + step : windowStart);
    const from = msToNaive(watermark);
    const to = catchingUp ? msToNaive(sealTo) : visible;
    const tailFrom = catchingUp ? NO_TAIL : msToNaive(sealTo);
    const work = catchingUp ? build : meter;
    const parts: string[] = [];
    try {
      for (const part of source.parts)
        parts.push(part.wholeDayOnly ? '[]' : await work.time(() => aggregatePart(part, from, to, tailFrom)));
    } catch (error) {
      // A step too big for the statement timeout is halved for the next try, so a dense stretch does not fail forever.
      if (catchingUp) memory.stepMs.set(source.table, Math.max(MIN_STEP_MS, step / 2));
      throw error;
    }
    const rows = rowsOf(parts[0]);
    report.advancedRows += rows;
    const tail = catchingUp ? { through: msToNaive(sealTo), rows: 0 } : { through: to, rows: rowsOf(parts[0], 'tail') };
    await writeAdvance(source, parts, stored, msToNaive(sealTo), tail);
    stored = msToNaive(sealTo);
    if (!catchingUp) return;
    // Aim the next step at STEP_TARGET_ROWS rows from this one's density.
    const next = rows === 0 ? step * 4 : (step * STEP_TARGET_ROWS) / rows;
    memory.stepMs.set(source.table, Math.min(DAY_MS, Math.max(MIN_STEP_MS, next)));
    watermark = sealTo;
    if (build.spentMs >= settings.buildBudgetMs) return;
  }
}

const SLOTS = Array.from({ length: (24 * 60) / SLOT_MINUTES }, (_, slot) => slot * SLOT_MINUTES);

/** The slices of a day the source has: the day itself, or its slots (./definitions.ts RollupSource.slice). */
function slicesOf(source: RollupSource, day: string): Slice[] {
  return source.slice === 'day' ? [{ day, minute: WHOLE_DAY }] : SLOTS.map((minute) => ({ day, minute }));
}

/**
 * Step 2: slices of days in the source but not in the rollups are marked to be counted whole; days in the rollups
 * gone from the source (every row deleted) are forgotten without a read.
 */
async function reconcileDays(
  source: RollupSource,
  /** The watermark's day for an append table: the days before it are closed. */
  openDay: string | null,
  stored: readonly StoredSlice[],
  meter: Meter,
): Promise<void> {
  const inSource = new Set(await meter.time(() => listSourceDays(source)));
  // The open day (the watermark's) too: rows written into its sealed part late are found by its verification.
  const eligible = (day: string) => source.kind === 'mutable' || (openDay !== null && day <= openDay);
  const known = stored.filter((slice) => slice.table === source.table);
  const knownKeys = new Set(known.map(sliceKey));
  const added = [...inSource]
    .filter(eligible)
    .flatMap((day) => slicesOf(source, day))
    .filter((slice) => !knownKeys.has(sliceKey(slice)));
  const gone = new Set(known.filter((slice) => eligible(slice.day) && !inSource.has(slice.day)).map((s) => s.day));
  await markForRebuild(source.table, added);
  await forgetDays(source, [...gone]);
}

interface SliceTask {
  source: RollupSource;
  slice: StoredSlice;
  /** Higher first. */
  priority: number;
}

/** Counts a run of slices whole, or an open day's sealed part (up to `until`, the watermark). */
async function rebuild(
  source: RollupSource,
  run: readonly SliceTask[],
  meter: Meter,
  report: CycleReport,
  until?: string,
): Promise<number> {
  const slices = run.map((task) => task.slice);
  const parts = await meter.time(() => aggregateSlices(source, slices, until));
  meter.statements += source.parts.length - 1;
  const rows = await writeSlices(source, slices, parts, until === undefined);
  report.rebuiltRows += rows;
  return rows;
}

export async function runInsightsCycle(settings: CycleSettings, memory: CycleMemory): Promise<CycleReport> {
  const meter = new Meter();
  const build = new Meter();
  const report: CycleReport = {
    sourceMs: 0,
    buildMs: 0,
    statements: 0,
    advancedRows: 0,
    confirmedTails: 0,
    rebuiltRows: 0,
    builtSlices: 0,
    verifiedDays: 0,
    recountedSlots: 0,
    upkeepSteps: 0,
    completedSweeps: 0,
    errors: {},
  };
  const states = await listSourceStates();
  const active = ROLLUP_SOURCES.filter((source) => !states.get(source.table)?.stoppedAt);
  const outcomes = new Map<RollupTableName, CycleOutcome>();
  const fail = (source: RollupSource, error: unknown) => {
    const message = toAppError(error).userMessage || errorMessage(error);
    report.errors[source.table] = message;
    outcomes.set(source.table, {
      table: source.table,
      sourceNow: null,
      sourceTarget: settings.sourceTarget,
      error: message,
    });
  };

  let clock: SourceClock;
  try {
    clock = await meter.time(settings.readNow ?? getSourceClock);
  } catch (error) {
    for (const source of active) fail(source, error);
    await writeCycleOutcomes([...outcomes.values()]);
    return finish(report, meter, build);
  }
  const today = dayOf(clock.now);

  // 1. The watermark's advance.
  for (const source of active.filter((candidate) => candidate.kind === 'append')) {
    try {
      await advance(source, states.get(source.table), clock, settings, memory, meter, build, report);
    } catch (error) {
      fail(source, error);
    }
  }

  // 2. Listing the days, every listDaysEveryMs.
  const freshStates = await listSourceStates();
  let stored = await listStoredSlices();
  const listed = new Set<RollupTableName>();
  // Every table never listed by this process at once (until then its days are unknown and nothing is built), then
  // at most listingsPerCycle of those whose listing is due, the longest due first.
  const listedAt = (source: RollupSource) => memory.daysListedAt.get(source.table) ?? -Infinity;
  const reachable = active.filter((source) => !outcomes.has(source.table));
  const dueForListing = [
    ...reachable.filter((source) => !memory.daysListedAt.has(source.table)),
    ...reachable
      .filter(
        (source) => memory.daysListedAt.has(source.table) && Date.now() - listedAt(source) >= settings.listDaysEveryMs,
      )
      .sort((a, b) => listedAt(a) - listedAt(b))
      .slice(0, settings.listingsPerCycle),
  ];
  for (const source of dueForListing) {
    try {
      await reconcileDays(source, sealedDay(freshStates.get(source.table)), stored, meter);
      memory.daysListedAt.set(source.table, Date.now());
      listed.add(source.table);
    } catch (error) {
      fail(source, error);
    }
  }
  let estimates: Map<string, number | null> | null = null;
  if (listed.size > 0) {
    estimates = await meter.time(estimateSourceRows).catch(() => null);
    stored = await listStoredSlices();
  }

  // A table stopped while this cycle advanced is left alone from here on.
  const healthy = active.filter((source) => !outcomes.has(source.table) && !freshStates.get(source.table)?.stoppedAt);
  const closed = (source: RollupSource, day: string) => {
    if (source.kind === 'mutable') return true;
    const sealed = sealedDay(freshStates.get(source.table));
    return sealed !== null && day < sealed;
  };
  const sourceOf = new Map(healthy.map((source) => [source.table, source]));

  // 3. The build: slices never counted whole (or found wrong), today's neighbours first, consecutive slots together.
  const buildQueue: SliceTask[] = stored
    .filter(
      (slice) => slice.builtAt === null && sourceOf.has(slice.table) && closed(sourceOf.get(slice.table)!, slice.day),
    )
    .map((slice) => ({ source: sourceOf.get(slice.table)!, slice, priority: -Math.abs(daysBetween(today, slice.day)) }))
    .sort(
      (a, b) => b.priority - a.priority || a.slice.day.localeCompare(b.slice.day) || a.slice.minute - b.slice.minute,
    );
  /**
   * Runs one run of slices' work. The source being down fails the table for this cycle; any other failure (a run too
   * big for the statement timeout) puts its first slice aside with a growing backoff while the other slices go on.
   */
  const attempt = async (task: SliceTask, work: () => Promise<void>) => {
    const key = backoffKey(task.source.table, task.slice);
    try {
      await work();
      memory.backoff.delete(key);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'database_unavailable') return fail(task.source, error);
      const attempts = (memory.backoff.get(key)?.attempts ?? 0) + 1;
      const waitMs = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempts - 1));
      memory.backoff.set(key, {
        table: task.source.table,
        slice: { day: task.slice.day, minute: task.slice.minute },
        attempts,
        retryAt: Date.now() + waitMs,
        error: appError.userMessage || errorMessage(error),
      });
    }
  };
  const waiting = (task: SliceTask) =>
    (memory.backoff.get(backoffKey(task.source.table, task.slice))?.retryAt ?? 0) > Date.now();
  /** Each table's tasks by slice, for runs of consecutive slots; a task taken into a run is left out of the pool. */
  const poolOf = (tasks: readonly SliceTask[]) => {
    const pools = new Map<RollupTableName, Map<string, SliceTask>>();
    for (const task of tasks) {
      if (waiting(task)) continue;
      const pool = pools.get(task.source.table) ?? new Map<string, SliceTask>();
      pool.set(sliceKey(task.slice), task);
      pools.set(task.source.table, pool);
    }
    return (task: SliceTask) => pools.get(task.source.table) ?? new Map<string, SliceTask>();
  };

  const buildPool = poolOf(buildQueue);
  for (const task of buildQueue) {
    if (build.spentMs >= settings.buildBudgetMs) break;
    const pool = buildPool(task);
    if (outcomes.has(task.source.table) || !pool.has(sliceKey(task.slice))) continue;
    const runSlots = memory.buildRunSlots.get(task.source.table) ?? FIRST_BUILD_RUN_SLOTS;
    const run = takeRun(task, pool, (taken) => taken.length < runSlots);
    for (const taken of run) pool.delete(sliceKey(taken.slice));
    await attempt(task, async () => {
      const rows = await rebuild(task.source, run, build, report);
      report.builtSlices += run.length;
      // The next run of this table aims at BUILD_RUN_ROWS rows from this one's density: a sparse day in one read.
      const perSlot = Math.max(1, rows / run.length);
      memory.buildRunSlots.set(
        task.source.table,
        Math.max(1, Math.min(SLOTS.length, Math.round(BUILD_RUN_ROWS / perSlot))),
      );
    });
    if (memory.backoff.has(backoffKey(task.source.table, task.slice)))
      memory.buildRunSlots.set(task.source.table, Math.max(1, Math.floor(runSlots / 2)));
  }

  // 4. Upkeep: verify the append tables' built closed days and their open day, re-count the mutable tables' slots,
  // stalest (weighted) first, within what the cycle budget leaves.
  const isOpen = (source: RollupSource, day: string) =>
    source.kind === 'append' && sealedDay(freshStates.get(source.table)) === day;
  const nowMs = Date.now();
  const candidates: SliceTask[] = stored
    .filter((slice) => {
      const source = sourceOf.get(slice.table);
      return (
        source !== undefined && ((slice.builtAt !== null && closed(source, slice.day)) || isOpen(source, slice.day))
      );
    })
    .map((slice) => {
      const source = sourceOf.get(slice.table)!;
      const checkedAt = (source.kind === 'append' ? slice.verifiedAt : slice.builtAt) ?? new Date(0);
      const nearToday = Math.abs(daysBetween(today, slice.day)) <= NEAR_TODAY_DAYS;
      const weight = (source.kind === 'mutable' ? nearToday : isOpen(source, slice.day)) ? NEAR_TODAY_WEIGHT : 1;
      return { source, slice, priority: (nowMs - checkedAt.getTime()) * weight };
    })
    .sort((a, b) => b.priority - a.priority);
  const upkeep = takeTurns(candidates, (task) => task.source.table, memory.turn++);
  const upkeepPool = poolOf(candidates);
  const spent = () => meter.spentMs + build.spentMs;
  const msPerRowOf = (table: RollupTableName) => memory.upkeepMsPerRow.get(table) ?? DEFAULT_MS_PER_ROW;
  /**
   * The table's cost per row, from a step of enough rows that its statement's overhead does not swamp them. It rises
   * at once to a costlier step and comes down slowly: the pages a step reads may be cached or on disk (30 times
   * dearer), and a step sized on the cheap case would take a cycle several budgets over.
   */
  const learn = (table: RollupTableName, costMs: number, rows: number) => {
    if (rows < LEARN_MIN_ROWS) return;
    const perRow = Math.max(0, costMs - STEP_OVERHEAD_MS) / rows;
    const known = msPerRowOf(table);
    memory.upkeepMsPerRow.set(table, perRow > known ? perRow : 0.9 * known + 0.1 * perRow);
  };
  /**
   * A sweep covers its stretch. A recount writes its slots. A verification that matches marks the day verified; a
   * closed day found wrong is marked to be counted whole (by the build); the open day's sealed part — rows older
   * than the window that arrived after the watermark passed them — is counted again at once, up to the watermark.
   * A closed day rebuilt meanwhile is left to its next turn.
   */
  const complete = async (source: RollupSource, sweep: Sweep) => {
    if (sweep.kind === 'recount') {
      const parts = source.parts.map((_, index) => joinPieces(sweep.pieces.map((piece) => piece[index])));
      await writeSlices(source, sweep.slices, parts, true);
      report.rebuiltRows += sweep.counted;
      report.recountedSlots += sweep.slices.length;
      return;
    }
    const [day] = sweep.slices;
    const now = stored.find((slice) => slice.table === source.table && sliceKey(slice) === sliceKey(day));
    const sealedThrough = freshStates.get(source.table)?.sealedThrough;
    if (!now || (!sweep.open && now.rows !== sweep.expected)) return;
    report.verifiedDays += 1;
    if (sweep.counted === sweep.expected) await markVerified(source.table, day);
    else if (sweep.open && sealedThrough && dayOf(sealedThrough) === day.day)
      await rebuild(source, [{ source, slice: now, priority: 0 }], build, report, sealedThrough);
    else await markForRebuild(source.table, [day]);
  };
  /** One step of a sweep: count, or aggregate, the next stretch. */
  const advanceSweep = async (source: RollupSource, sweep: Sweep, step: { from: string; to: string }) => {
    if (sweep.kind === 'verify') {
      sweep.counted += await meter.time(() => countRange(source, step.from, step.to));
    } else {
      const piece = await meter.time(() => aggregateRange(source, step.from, step.to, false));
      meter.statements += source.parts.length - 1;
      sweep.pieces.push(piece);
      sweep.counted += rowsOf(piece[0]);
    }
    sweep.next = step.to;
  };
  // A sweep under way goes on before a new one starts; one whose table stopped or failed is dropped.
  for (const table of memory.sweeps.keys()) if (!sourceOf.has(table)) memory.sweeps.delete(table);
  const runnable = (task: SliceTask) => !outcomes.has(task.source.table) && upkeepPool(task).has(sliceKey(task.slice));
  const starved = (table: RollupTableName) => memory.starvedCycles.get(table) ?? 0;
  // A table whose next step has not fitted for STARVED_CYCLES cycles takes this cycle alone.
  const overdue = upkeep.find((task) => starved(task.source.table) >= STARVED_CYCLES && runnable(task));
  /** Tables whose next step did not fit this cycle: their cheaper steps do not pass it. */
  const blocked = new Set<RollupTableName>();
  let steps = 0;
  for (const task of overdue ? [overdue] : upkeep) {
    if (steps >= MAX_UPKEEP_STEPS) break;
    const { source } = task;
    if (blocked.has(source.table) || !runnable(task)) continue;
    const pool = upkeepPool(task);
    const msPerRow = msPerRowOf(source.table);
    const room = settings.cycleBudgetMs - spent();
    // The table's sweep under way, or a new one from this task: its day, or a run of stale slots the room reads.
    const sweep =
      memory.sweeps.get(source.table) ??
      (source.kind === 'append'
        ? startVerification(source.table, task.slice, freshStates.get(source.table)!.sealedThrough!)
        : startRecount(
            source.table,
            takeRun(task, pool, (taken, next) => expectedStepMs(rowsIn(taken) + next.slice.rows, msPerRow) <= room).map(
              (taken) => taken.slice,
            ),
          ));
    const step = nextStep(sweep, room, msPerRow);
    const fits = step.expectedMs <= room;
    if (!fits && task !== overdue) {
      blocked.add(source.table);
      memory.starvedCycles.set(source.table, starved(source.table) + 1);
      continue;
    }
    memory.starvedCycles.delete(source.table);
    steps += 1;
    report.upkeepSteps += 1;
    for (const slice of sweep.slices) pool.delete(sliceKey(slice));
    memory.sweeps.set(source.table, sweep);
    const spentBefore = spent();
    const countedBefore = sweep.counted;
    await attempt({ ...task, slice: { ...task.slice, ...sweep.slices[0] } }, async () => {
      await advanceSweep(source, sweep, step);
      learn(source.table, spent() - spentBefore, sweep.counted - countedBefore);
      if (isComplete(sweep)) {
        memory.sweeps.delete(source.table);
        report.completedSweeps += 1;
        await complete(source, sweep);
      }
    });
    // A sweep that failed starts again from its beginning at its next turn.
    if (memory.backoff.has(backoffKey(source.table, sweep.slices[0]))) memory.sweeps.delete(source.table);
  }

  for (const source of active) {
    if (outcomes.has(source.table)) continue;
    outcomes.set(source.table, {
      table: source.table,
      sourceNow: clock.now,
      sourceTarget: settings.sourceTarget,
      ...(estimates ? { rowsEstimate: estimates.get(source.table) ?? null } : {}),
      error: null,
      warning: describeBackoff(memory, source.table),
    });
  }
  await writeCycleOutcomes([...outcomes.values()]);
  return finish(report, meter, build);
}

/** What the page says while slices of a table are put aside: how many, and the first one's reason. */
function describeBackoff(memory: CycleMemory, table: RollupTableName): string | null {
  const failed = [...memory.backoff.values()].filter((entry) => entry.table === table);
  if (failed.length === 0) return null;
  const [first] = failed.sort((a, b) => a.slice.day.localeCompare(b.slice.day) || a.slice.minute - b.slice.minute);
  const where = describeSlice(first.slice);
  return `${failed.length} slice${failed.length === 1 ? '' : 's'} could not be counted and ${failed.length === 1 ? 'is' : 'are'} tried again with a growing wait (the first, ${where}: ${first.error}); the other slices are current`;
}

/**
 * The tasks in turns, one table after another, each table's in its own order: a table with many slices (a mutable
 * table's slots) cannot take a cycle's every step from the others' verification.
 */
function takeTurns<T>(tasks: readonly T[], owner: (task: T) => string, turn: number): T[] {
  const byOwner = new Map<string, T[]>();
  for (const task of tasks) {
    const queue = byOwner.get(owner(task));
    if (queue) queue.push(task);
    else byOwner.set(owner(task), [task]);
  }
  // The first turn moves on every cycle, so a cycle with room for one step serves each table in its turn.
  const queues = [...byOwner.values()];
  const first = queues.length === 0 ? 0 : turn % queues.length;
  const ordered = [...queues.slice(first), ...queues.slice(0, first)];
  const turns: T[] = [];
  for (let round = 0; turns.length < tasks.length; round++)
    for (const queue of ordered) if (round < queue.length) turns.push(queue[round]);
  return turns;
}

function finish(report: CycleReport, meter: Meter, build: Meter): CycleReport {
  report.sourceMs = meter.spentMs + build.spentMs;
  report.buildMs = build.spentMs;
  report.statements = meter.statements + build.statements;
  return report;
}
