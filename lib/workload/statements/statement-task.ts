/**
 * The statement history's task of the workload collector: every STATEMENT_SAMPLE_SECONDS, per target, read
 * pg_stat_statements' counters (no text), difference them with the previous read kept in memory (./deltas.ts),
 * and store the interval's top statements plus one row for the rest. Texts and user names are fetched only for
 * statements and users not seen before. A new leader, a restart of the target or a gap starts a new baseline: the
 * first read after one stores nothing. A read whose interval cannot be written (the console store is down) is lost
 * as a gap; the next interval is measured from it, so nothing is counted twice.
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
  findNewestInterval,
  findKnownUserIds,
  retireStatementHistory,
  rollUpHours,
  saveStatementTexts,
  saveUserNames,
  writeInterval,
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
}

export function createTargetMemory(): TargetMemory {
  return { previous: null, queryIds: null, userIds: null, regressionsCheckedAt: 0 };
}

/** One visit of one target (queries go to it: the caller runs this inside withTarget). Returns what it saw. */
export async function collectStatementInterval(
  target: string,
  memory: TargetMemory,
  options: StatementTaskOptions,
  now = new Date(),
): Promise<IntervalOutcome> {
  // Another process led meanwhile (a handover and back) when the store holds an interval newer than our previous
  // read: differencing with it would count that process's intervals again, so this read is a new baseline.
  if (memory.previous && (await findNewestInterval(target)) > memory.previous.info.readAt * 1000)
    memory.previous = null;
  const read = await readStatementCounters();
  const snapshot = toSnapshot(read.info, read.rows);
  const outcome = diffSnapshots(memory.previous, snapshot, maxGapSeconds(options.intervalSeconds));
  memory.previous = snapshot;
  if (outcome.kind === 'baseline') return outcome;

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

  const sampledAt = new Date(read.info.readAt * 1000);
  await writeInterval({
    target,
    sampledAt,
    seconds: outcome.seconds,
    entries: snapshot.entries.size,
    evicted: outcome.evicted,
    restarted: outcome.restarted,
    kept,
    others,
  });
  await rollUpHours(target, now, { top: options.top });
  if (now.getTime() - memory.regressionsCheckedAt >= REGRESSION_CHECK_EVERY_MS) {
    memory.regressionsCheckedAt = now.getTime();
    // As of the read, by the server's clock: the interval just written is the last hour's newest.
    await refreshRegressions(target, sampledAt);
  }
  return outcome;
}

export function createStatementHistoryTask(): WorkloadTask {
  const memories = new Map<string, TargetMemory>();
  return {
    name: 'statements',
    intervalMs: (env: Env) => env.STATEMENT_SAMPLE_SECONDS * 1000,
    async collect(target, now) {
      const { STATEMENT_SAMPLE_SECONDS, STATEMENT_HISTORY_TOP } = getEnv();
      let memory = memories.get(target.name);
      if (!memory) memories.set(target.name, (memory = createTargetMemory()));
      await collectStatementInterval(
        target.name,
        memory,
        { intervalSeconds: STATEMENT_SAMPLE_SECONDS, top: STATEMENT_HISTORY_TOP },
        now,
      );
    },
    async retire(env, now) {
      await retireStatementHistory(env.STATEMENT_HISTORY_DAYS, env.STATEMENT_HOURLY_DAYS, now);
      // Texts may have been retired: each target's set of known queryids is read again at its next interval (and so
      // stays as bounded as the stored texts).
      for (const memory of memories.values()) memory.queryIds = null;
    },
  };
}
