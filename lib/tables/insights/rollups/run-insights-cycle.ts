/**
 * One insights cycle (run by the leader, ./scheduler.ts): brings every table's rollups up to date at a bounded cost
 * to the watched database.
 *
 * 1. Append tables (audit, metrics, A/B results): read the rows past the watermark through the time index, fold
 *    those older than the late-arrival window into the day rows, replace the window's rows (the tail), and move
 *    the watermark. After a stop or on the first cycle the watermark is far behind: it catches up in steps of
 *    about STEP_TARGET_ROWS rows, under the build budget.
 * 2. Every few minutes, list the days each table has (a loose index scan), mark for a whole count the slices (days,
 *    or hours of the mutable tables' days) not in the rollups yet, and forget the days gone from the source.
 * 3. Build: count whole the slices so marked, today's neighbours first, under the build budget
 *    (INSIGHTS_BUILD_BUDGET_MS) — the first build, in batches of one slice, and the days found wrong. A whole-day
 *    count of a closed day also computes its exact percentiles.
 * 4. Upkeep, from what the cycle budget (INSIGHTS_CYCLE_BUDGET_MS) leaves after step 1, saved up over cycles
 *    for a costly step (CycleMemory.upkeepMs), the tables taking turns: verify the append tables' days by
 *    count(*) (the stalest first): a closed day found wrong — late rows, deletes — is marked for a whole count; the
 *    open day's sealed part is counted again at once, up to the watermark. Re-count whole the mutable tables' hours
 *    (stalest first, the hours of the days around today ten times as often).
 *
 * The budgets are the time spent waiting on the watched database, measured here.
 */
import 'server-only';
import { errorMessage } from '../../../errors';
import { toAppError } from '../../../pg/sqlstate';
import { ROLLUP_SOURCES, type RollupSource, type RollupTableName } from './definitions';
import { DAY_MS, dayOf, daysBetween, dayStart, msToNaive, naiveToMs, WHOLE_DAY, type Slice } from './naive-time';
import {
  countSlice,
  estimateSourceRows,
  listSourceDays,
  NO_TAIL,
  aggregatePart,
  aggregateSlice,
  getSourceClock,
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
  writeSlice,
  type CycleOutcome,
  type SourceState,
  type StoredSlice,
} from './store';

export interface CycleSettings {
  lateSeconds: number;
  cycleBudgetMs: number;
  buildBudgetMs: number;
  /** How often each table's days are listed (step 2). */
  listDaysEveryMs: number;
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
  /** Rows counted whole by builds and rotation. */
  rebuiltRows: number;
  builtDays: number;
  verifiedDays: number;
  recountedDays: number;
  errors: Partial<Record<RollupTableName, string>>;
}

/** What a cycle remembers for the next, per process (the leader's). */
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
  /** By `table/day/hour`. */
  backoff: Map<string, SliceBackoff>;
  /**
   * The query time upkeep may still spend: a token bucket that each cycle fills by the cycle budget less what reading
   * the new rows cost, up to UPKEEP_BUCKET_BUDGETS budgets. A step runs only when its expected cost fits, so a costly
   * step (an hour of a busy queue) waits a few cycles instead of making one cycle cost several budgets.
   */
  upkeepMs: number;
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
    upkeepMs: 0,
    upkeepMsPerRow: new Map(),
    turn: 0,
  };
}

/** The bucket holds at most this many cycle budgets: the costliest step must fit in it one day. */
const UPKEEP_BUCKET_BUDGETS = 25;
/** A step's cost before its rows are known (a count, or a recount of an hour): per stored row, and per statement. */
const DEFAULT_MS_PER_ROW = 0.005;
const STEP_OVERHEAD_MS = 1;

/** A failed slice waits a minute, then twice as long after each further failure, up to an hour. */
const FIRST_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 3_600_000;

const backoffKey = (table: RollupTableName, slice: Slice) => `${table}/${slice.day}/${slice.hour}`;

/** Rows a catch-up step aims at: a few hundred ms of work, far under the statement timeout. */
const STEP_TARGET_ROWS = 200_000;
const MIN_STEP_MS = 60_000;
const FIRST_STEP_MS = 3_600_000;
/** How far ahead of now the tail reads (future-dated rows beyond are counted when the watermark nears them). */
const TAIL_HORIZON_MS = 366 * DAY_MS;

/**
 * A mutable table's hours within this many days of today, and an append table's open day, are checked this many
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

function rowsOf(json: string): number {
  return (JSON.parse(json) as { rows: number | string }[]).reduce((sum, row) => sum + Number(row.rows), 0);
}

/** The watermark's day: days before it are closed (every row of them is sealed). */
function sealedDay(state: SourceState | undefined): string | null {
  return state?.sealedThrough ? dayOf(state.sealedThrough) : null;
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
  const windowStart = naiveToMs(clock.visible) - settings.lateSeconds * 1000;
  // Rows dated further ahead than this are left for later (they are sealed when the watermark nears them), so a far
  // future row is not read again every cycle.
  const horizon = msToNaive(naiveToMs(clock.now) + TAIL_HORIZON_MS);
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
    const to = catchingUp ? msToNaive(sealTo) : horizon;
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
    await writeAdvance(source, parts, stored, msToNaive(sealTo));
    stored = msToNaive(sealTo);
    if (!catchingUp) return;
    // Aim the next step at STEP_TARGET_ROWS rows from this one's density.
    const next = rows === 0 ? step * 4 : (step * STEP_TARGET_ROWS) / rows;
    memory.stepMs.set(source.table, Math.min(DAY_MS, Math.max(MIN_STEP_MS, next)));
    watermark = sealTo;
    if (build.spentMs >= settings.buildBudgetMs) return;
  }
}

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** The slices of a day the source has: the day itself, or its 24 hours (./definitions.ts RollupSource.slice). */
function slicesOf(source: RollupSource, day: string): Slice[] {
  return source.slice === 'day' ? [{ day, hour: WHOLE_DAY }] : HOURS.map((hour) => ({ day, hour }));
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
  const knownKeys = new Set(known.map((slice) => `${slice.day}/${slice.hour}`));
  const added = [...inSource]
    .filter(eligible)
    .flatMap((day) => slicesOf(source, day))
    .filter((slice) => !knownKeys.has(`${slice.day}/${slice.hour}`));
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

/** Counts a slice whole, or an open day's sealed part (up to `until`, the watermark). */
async function rebuild(task: SliceTask, meter: Meter, report: CycleReport, until?: string): Promise<void> {
  const parts = await meter.time(() => aggregateSlice(task.source, task.slice, until));
  meter.statements += task.source.parts.length - 1;
  report.rebuiltRows += await writeSlice(task.source, task.slice, parts, until === undefined);
}

/**
 * Verifies an append table's day by count(*): a closed day found wrong is marked to be counted whole (by the build);
 * the open day's sealed part — rows older than the window that arrived after the watermark passed them — is counted
 * again at once, up to the watermark.
 */
async function verify(task: SliceTask, sealedThrough: string, meter: Meter, build: Meter, report: CycleReport) {
  const open = dayOf(sealedThrough) === task.slice.day;
  const until = open ? sealedThrough : undefined;
  const rows = await meter.time(() => countSlice(task.source, task.slice, until));
  if (rows === task.slice.rows) await markVerified(task.source.table, task.slice);
  else if (open) await rebuild(task, build, report, until);
  else await markForRebuild(task.source.table, [task.slice]);
  report.verifiedDays += 1;
}

export async function runInsightsCycle(settings: CycleSettings, memory: CycleMemory): Promise<CycleReport> {
  const meter = new Meter();
  const build = new Meter();
  const report: CycleReport = {
    sourceMs: 0,
    buildMs: 0,
    statements: 0,
    advancedRows: 0,
    rebuiltRows: 0,
    builtDays: 0,
    verifiedDays: 0,
    recountedDays: 0,
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
  for (const source of active) {
    if (outcomes.has(source.table)) continue;
    const listedAt = memory.daysListedAt.get(source.table);
    if (listedAt !== undefined && Date.now() - listedAt < settings.listDaysEveryMs) continue;
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

  // 3. The build: days never counted whole (or found wrong), today's neighbours first.
  const buildQueue: SliceTask[] = stored
    .filter(
      (slice) => slice.builtAt === null && sourceOf.has(slice.table) && closed(sourceOf.get(slice.table)!, slice.day),
    )
    .map((slice) => ({ source: sourceOf.get(slice.table)!, slice, priority: -Math.abs(daysBetween(today, slice.day)) }))
    .sort((a, b) => b.priority - a.priority);
  /**
   * Runs one slice's work. The source being down fails the table for this cycle; any other failure (a slice too big
   * for the statement timeout) puts the slice aside with a growing backoff while the other slices go on.
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
        slice: { day: task.slice.day, hour: task.slice.hour },
        attempts,
        retryAt: Date.now() + waitMs,
        error: appError.userMessage || errorMessage(error),
      });
    }
  };
  const waiting = (task: SliceTask) =>
    (memory.backoff.get(backoffKey(task.source.table, task.slice))?.retryAt ?? 0) > Date.now();

  for (const task of buildQueue) {
    if (build.spentMs >= settings.buildBudgetMs) break;
    if (outcomes.has(task.source.table) || waiting(task)) continue;
    await attempt(task, async () => {
      await rebuild(task, build, report);
      report.builtDays += 1;
    });
  }

  // 4. Upkeep: verify the append tables' built closed days and their open day, re-count the mutable tables' days,
  // stalest (weighted) first.
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
  const bucketMs = settings.cycleBudgetMs * UPKEEP_BUCKET_BUDGETS;
  memory.upkeepMs = Math.min(bucketMs, memory.upkeepMs + settings.cycleBudgetMs - meter.spentMs);
  let steps = 0;
  for (const task of upkeep) {
    if (steps >= MAX_UPKEEP_STEPS) break;
    if (outcomes.has(task.source.table) || waiting(task)) continue;
    const msPerRow = memory.upkeepMsPerRow.get(task.source.table) ?? DEFAULT_MS_PER_ROW;
    const expectedMs = Math.min(bucketMs, STEP_OVERHEAD_MS + (task.slice.rows + 1) * msPerRow);
    // The stalest step waits for the bucket to fill rather than let cheaper ones pass it for ever.
    if (expectedMs > memory.upkeepMs) break;
    steps += 1;
    const spentBefore = meter.spentMs + build.spentMs;
    await attempt(task, async () => {
      if (task.source.kind === 'append') {
        await verify(task, freshStates.get(task.source.table)!.sealedThrough!, meter, build, report);
      } else {
        await rebuild(task, meter, report);
        report.recountedDays += 1;
      }
    });
    const costMs = meter.spentMs + build.spentMs - spentBefore;
    memory.upkeepMs -= costMs;
    memory.upkeepMsPerRow.set(task.source.table, 0.7 * msPerRow + 0.3 * (costMs / (task.slice.rows + 1)));
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
  const [first] = failed.sort((a, b) => a.slice.day.localeCompare(b.slice.day) || a.slice.hour - b.slice.hour);
  const where = first.slice.hour === WHOLE_DAY ? first.slice.day : `${first.slice.day} ${first.slice.hour}:00`;
  return `${failed.length} slice${failed.length === 1 ? '' : 's'} could not be counted and ${failed.length === 1 ? 'is' : 'are'} tried again with a growing wait (the first, ${where}: ${first.error}); the other slices are current`;
}

/**
 * The tasks in turns, one table after another, each table's in its own order: a table with many slices (a mutable
 * table's hours) cannot take a cycle's every step from the others' verification.
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
