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
 * 4. Upkeep, under the cycle budget (INSIGHTS_CYCLE_BUDGET_MS, at least one step): verify the append tables' days by
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
import { countSlice, estimateSourceRows, listSourceDays, OPEN_END, readPart, readSlice, readSourceNow } from './source';
import {
  forgetDays,
  markForRebuild,
  markVerified,
  readSourceStates,
  readStoredSlices,
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
  /** The watched server's localtimestamp; tests give a clock of their own to cross a day boundary. */
  readNow?: () => Promise<string>;
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
export interface CycleMemory {
  /** Each table's catch-up step in ms, adapted to about STEP_TARGET_ROWS rows. */
  stepMs: Map<RollupTableName, number>;
  daysListedAt: Map<RollupTableName, number>;
}

export function createCycleMemory(): CycleMemory {
  return { stepMs: new Map(), daysListedAt: new Map() };
}

/** Rows a catch-up step aims at: a few hundred ms of work, far under the statement timeout. */
const STEP_TARGET_ROWS = 200_000;
const MIN_STEP_MS = 60_000;
const FIRST_STEP_MS = 3_600_000;

/** A mutable table's days within this many days of today are re-counted this many times as often. */
const NEAR_TODAY_DAYS = 1;
const NEAR_TODAY_WEIGHT = 10;
/** Upkeep steps in one cycle at most, whatever the budget. */
const MAX_UPKEEP_STEPS = 50;

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
  now: string,
  settings: CycleSettings,
  memory: CycleMemory,
  meter: Meter,
  build: Meter,
  report: CycleReport,
): Promise<void> {
  const windowStart = naiveToMs(now) - settings.lateSeconds * 1000;
  // The first cycle starts at the day's beginning: the days before are counted whole by the build.
  let watermark = state?.sealedThrough
    ? naiveToMs(state.sealedThrough)
    : naiveToMs(dayStart(dayOf(msToNaive(windowStart))));
  for (;;) {
    const step = memory.stepMs.get(source.table) ?? FIRST_STEP_MS;
    const catchingUp = windowStart - watermark > step;
    const sealTo = Math.max(watermark, catchingUp ? watermark + step : windowStart);
    const from = msToNaive(watermark);
    const to = catchingUp ? msToNaive(sealTo) : OPEN_END;
    const tailFrom = catchingUp ? OPEN_END : msToNaive(sealTo);
    const work = catchingUp ? build : meter;
    const parts: string[] = [];
    for (const part of source.parts)
      parts.push(part.wholeDayOnly ? '[]' : await work.time(() => readPart(part, from, to, tailFrom)));
    const rows = rowsOf(parts[0]);
    report.advancedRows += rows;
    await writeAdvance(source, parts, msToNaive(sealTo));
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
  const parts = await meter.time(() => readSlice(task.source, task.slice, until));
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
  const states = await readSourceStates();
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

  let now: string;
  try {
    now = await meter.time(settings.readNow ?? readSourceNow);
  } catch (error) {
    for (const source of active) fail(source, error);
    await writeCycleOutcomes([...outcomes.values()]);
    return finish(report, meter, build);
  }
  const today = dayOf(now);

  // 1. The watermark's advance.
  for (const source of active.filter((candidate) => candidate.kind === 'append')) {
    try {
      await advance(source, states.get(source.table), now, settings, memory, meter, build, report);
    } catch (error) {
      fail(source, error);
    }
  }

  // 2. Listing the days, every listDaysEveryMs.
  const freshStates = await readSourceStates();
  let stored = await readStoredSlices();
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
    stored = await readStoredSlices();
  }

  const healthy = active.filter((source) => !outcomes.has(source.table));
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
  for (const task of buildQueue) {
    if (build.spentMs >= settings.buildBudgetMs) break;
    if (outcomes.has(task.source.table)) continue;
    try {
      await rebuild(task, build, report);
      report.builtDays += 1;
    } catch (error) {
      fail(task.source, error);
    }
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
      const weight =
        source.kind === 'mutable' && Math.abs(daysBetween(today, slice.day)) <= NEAR_TODAY_DAYS ? NEAR_TODAY_WEIGHT : 1;
      return { source, slice, priority: (nowMs - checkedAt.getTime()) * weight };
    })
    .sort((a, b) => b.priority - a.priority);
  const upkeep = takeTurns(candidates, (task) => task.source.table);
  let steps = 0;
  for (const task of upkeep) {
    if (steps > 0 && (meter.spentMs >= settings.cycleBudgetMs || steps >= MAX_UPKEEP_STEPS)) break;
    if (outcomes.has(task.source.table)) continue;
    steps += 1;
    try {
      if (task.source.kind === 'append') {
        await verify(task, freshStates.get(task.source.table)!.sealedThrough!, meter, build, report);
      } else {
        await rebuild(task, meter, report);
        report.recountedDays += 1;
      }
    } catch (error) {
      fail(task.source, error);
    }
  }

  for (const source of active) {
    if (outcomes.has(source.table)) continue;
    outcomes.set(source.table, {
      table: source.table,
      sourceNow: now,
      sourceTarget: settings.sourceTarget,
      ...(estimates ? { rowsEstimate: estimates.get(source.table) ?? null } : {}),
      error: null,
    });
  }
  await writeCycleOutcomes([...outcomes.values()]);
  return finish(report, meter, build);
}

/**
 * The tasks in turns, one table after another, each table's in its own order: a table with many slices (a mutable
 * table's hours) cannot take a cycle's every step from the others' verification.
 */
function takeTurns<T>(tasks: readonly T[], owner: (task: T) => string): T[] {
  const queues = new Map<string, T[]>();
  for (const task of tasks) queues.set(owner(task), [...(queues.get(owner(task)) ?? []), task]);
  const turns: T[] = [];
  for (let round = 0; turns.length < tasks.length; round++)
    for (const queue of queues.values()) if (round < queue.length) turns.push(queue[round]);
  return turns;
}

function finish(report: CycleReport, meter: Meter, build: Meter): CycleReport {
  report.sourceMs = meter.spentMs + build.spentMs;
  report.buildMs = build.spentMs;
  report.statements = meter.statements + build.statements;
  return report;
}
