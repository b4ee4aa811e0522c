/**
 * The statement history's task of the workload collector: every STATEMENT_SAMPLE_SECONDS, per target, read
 * pg_stat_statements' counters (no text), difference them with the previous read kept in memory (./deltas.ts),
 * and keep the interval's top statements plus one row for the rest. Texts and user names are fetched only for
 * statements and users not seen before. The intervals of every target read during a tick are stored together, in
 * one statement, after the tick's visits (afterTick); an hour's rollup and the regression check of a stored
 * interval run at its target's next visit, in the background, so neither delays the tick. A new owner, a restart of
 * the target or a gap starts a new baseline: the first read after one stores nothing, and an interval measured from
 * before one another process stored is refused (./store.ts writeIntervals). An interval that cannot be written (the
 * console store is down) is lost as a gap; the next interval is measured from its read, so nothing is counted twice.
 */
import 'server-only';
import { redactQueryText } from '../../audit/redact-query';
import { getEnv, type Env } from '../../env';
import { findRoleNames, findStatementTexts, readStatementCounters } from '../../pg/statement-counters';
import type { WorkloadTask } from '../collector';
import {
  diffSnapshots,
  keepTop,
  maxGapSeconds,
  toSnapshot,
  type CounterSnapshot,
  type IntervalOutcome,
} from './deltas';
import { refreshRegressions, REGRESSION_CHECK_EVERY_MS } from './regressions';
import {
  findKnownQueryIds,
  findKnownUserIds,
  retireStatementHistory,
  rollUpHours,
  ROLLUP_GRACE_MS,
  saveStatementTexts,
  saveUserNames,
  writeIntervals,
  type PendingInterval,
} from './store';

export interface StatementTaskOptions {
  intervalSeconds: number;
  top: number;
}

/** What the task remembers per target between visits. */
export interface TargetMemory {
  previous: CounterSnapshot | null;
  /** Queryids and user oids whose text and name are stored; loaded from the store at the first interval. */
  queryIds: Set<string> | null;
  userIds: Set<number> | null;
  /** When this target's regressions were last checked (epoch ms). */
  regressionsCheckedAt: number;
  /** The end of the last complete hour the rollups were brought up to (epoch ms); -1 before the first rollup. */
  rolledUpHour: number;
  /** When the interval stored last ended (by the server's clock) while its rollup and checks are still to run. */
  storedAt: Date | null;
}

export function createTargetMemory(): TargetMemory {
  return { previous: null, queryIds: null, userIds: null, regressionsCheckedAt: 0, rolledUpHour: -1, storedAt: null };
}

/** A read of one target: what it saw, and the interval to store when it measured one. */
export interface StatementRead {
  outcome: IntervalOutcome;
  pending: PendingInterval | null;
}

/**
 * Reads one target's counters (queries go to it: the caller runs this inside withTarget) and differences them with
 * the previous read; stores the texts and user names of statements seen for the first time, not the interval.
 */
export async function readStatementInterval(
  target: string,
  memory: TargetMemory,
  options: StatementTaskOptions,
  now = new Date(),
): Promise<StatementRead> {
  const read = await readStatementCounters();
  const snapshot = toSnapshot(read.info, read.rows);
  const measuredFrom = memory.previous ? new Date(memory.previous.info.readAt * 1000) : null;
  const outcome = diffSnapshots(memory.previous, snapshot, maxGapSeconds(options.intervalSeconds));
  memory.previous = snapshot;
  if (outcome.kind === 'baseline') return { outcome, pending: null };

  const { kept, others } = keepTop(outcome.deltas, options.top);
  memory.queryIds ??= await findKnownQueryIds(target);
  memory.userIds ??= await findKnownUserIds(target);
  const newQueryIds = [...new Set(kept.map((row) => row.queryId))].filter((id) => !memory.queryIds!.has(id));
  const newUserIds = [...new Set(kept.map((row) => row.userId))].filter((id) => !memory.userIds!.has(id));
  const [texts, users] = await Promise.all([findStatementTexts(newQueryIds), findRoleNames(newUserIds)]);
  // pg_stat_statements keeps a utility statement's literals as written (ALTER ROLE … PASSWORD '…'): the history
  // keeps every viewer's copy for months, so literals and comments are taken out as the audit log does.
  const redacted = new Map([...texts].map(([id, text]) => [id, redactQueryText(text)]));
  await saveStatementTexts(target, redacted, now);
  await saveUserNames(target, users);
  for (const id of texts.keys()) memory.queryIds.add(id);
  for (const id of users.keys()) memory.userIds.add(id);

  const pending: PendingInterval = {
    target,
    sampledAt: new Date(read.info.readAt * 1000),
    measuredFrom,
    seconds: outcome.seconds,
    entries: snapshot.entries.size,
    evicted: outcome.evicted,
    restarted: outcome.restarted,
    kept,
    others,
  };
  return { outcome, pending };
}

const HOUR_MS = 3_600_000;

/**
 * What follows a stored interval of `target`: the hours complete since the last rollup are rolled up (one store
 * read an hour per target, not one a minute: an hour is complete once its grace has passed by the console's clock
 * and an interval after it is stored), and the regressions are checked every REGRESSION_CHECK_EVERY_MS.
 */
async function afterStoredInterval(
  target: string,
  memory: TargetMemory,
  options: StatementTaskOptions,
  now: Date,
): Promise<void> {
  const sampledAt = memory.storedAt;
  if (!sampledAt) return;
  memory.storedAt = null;
  const hourDone = Math.floor(Math.min(now.getTime() - ROLLUP_GRACE_MS, sampledAt.getTime()) / HOUR_MS) * HOUR_MS;
  if (hourDone > memory.rolledUpHour) {
    const maxHours = 24;
    // A long absence catches up a day at a time: the next stored interval rolls up the rest.
    if ((await rollUpHours(target, now, { top: options.top, maxHours })) < maxHours) memory.rolledUpHour = hourDone;
  }
  if (now.getTime() - memory.regressionsCheckedAt >= REGRESSION_CHECK_EVERY_MS) {
    memory.regressionsCheckedAt = now.getTime();
    // As of the read, by the server's clock: the interval just stored is the last hour's newest.
    await refreshRegressions(target, sampledAt);
  }
}

/** Stores the reads' intervals in one statement; a refused one leaves its read as the target's new baseline. */
async function storeIntervals(reads: ReadonlyMap<string, { memory: TargetMemory; pending: PendingInterval }>) {
  const stored = await writeIntervals([...reads.values()].map(({ pending }) => pending));
  for (const [target, { memory, pending }] of reads) if (stored.has(target)) memory.storedAt = pending.sampledAt;
  return stored;
}

/**
 * One visit of one target as the collector makes it, stored at once rather than with its tick (tests, benches).
 * Returns what it saw: a baseline with reason 'overlap' when another process stored an interval since the previous
 * read.
 */
export async function collectStatementInterval(
  target: string,
  memory: TargetMemory,
  options: StatementTaskOptions,
  now = new Date(),
): Promise<IntervalOutcome> {
  await afterStoredInterval(target, memory, options, now);
  const { outcome, pending } = await readStatementInterval(target, memory, options, now);
  if (!pending) return outcome;
  const stored = await storeIntervals(new Map([[target, { memory, pending }]]));
  if (!stored.has(target)) return { kind: 'baseline', reason: 'overlap' };
  await afterStoredInterval(target, memory, options, now);
  return outcome;
}

export function createStatementHistoryTask(): WorkloadTask {
  const memories = new Map<string, TargetMemory>();
  // The intervals read since the last tick's write, by target (a newer read replaces one never written: a gap).
  let unwritten = new Map<string, { memory: TargetMemory; pending: PendingInterval }>();
  const optionsOf = (env: Env): StatementTaskOptions => ({
    intervalSeconds: env.STATEMENT_SAMPLE_SECONDS,
    top: env.STATEMENT_HISTORY_TOP,
  });
  return {
    name: 'statements',
    intervalMs: (env: Env) => env.STATEMENT_SAMPLE_SECONDS * 1000,
    async collect(target, now) {
      const options = optionsOf(getEnv());
      let memory = memories.get(target.name);
      if (!memory) memories.set(target.name, (memory = createTargetMemory()));
      await afterStoredInterval(target.name, memory, options, now);
      const { pending } = await readStatementInterval(target.name, memory, options, now);
      if (pending) unwritten.set(target.name, { memory, pending });
    },
    async afterTick() {
      const reads = unwritten;
      unwritten = new Map();
      // A refused write loses these intervals as gaps: each target's next interval is measured from its read.
      await storeIntervals(reads);
    },
    async retire(env, now) {
      await retireStatementHistory(env.STATEMENT_HISTORY_DAYS, env.STATEMENT_HOURLY_DAYS, now);
      // Texts may have been retired: each target's set of known queryids is read again at its next interval (and so
      // stays as bounded as the stored texts).
      for (const memory of memories.values()) memory.queryIds = null;
    },
  };
}
