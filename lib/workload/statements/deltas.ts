/**
 * From two snapshots of pg_stat_statements' cumulative counters to what happened between them. Pure.
 *
 * Real servers do more than count up (PostgreSQL docs F.32, and what PgHero's users run into when a tool resets):
 *  - all statistics reset (pg_stat_statements_info.stats_reset changed, 14+): every entry started again within the
 *    interval, so its counters are its difference — never negative, never the old totals counted twice;
 *  - one entry reset, or evicted and entered again (dealloc): its counters went backwards, or its stats_since (17+)
 *    moved — counted from zero likewise; an entry re-entered that already passed its old totals cannot be told
 *    apart before 17 and is counted as the plain difference (an undercount, never a double count);
 *  - an entry that disappeared: nothing to count, not an error;
 *  - the server restarted (it keeps the counters across a clean restart) or the previous snapshot is older than
 *    `maxGapSeconds` (the target was down, or the collector was): no interval — a new baseline and a gap in the
 *    history, rather than one spike holding everything since.
 */
import type { StatementCounterInfo, StatementCounterRow } from '../../pg/statement-counters';
import { FIGURES, figuresOf, sumFigures, type StatementFigures } from './figures';

export interface CounterSnapshot {
  info: StatementCounterInfo;
  entries: ReadonlyMap<string, StatementCounterRow>;
}

export type StatementKey = Pick<StatementCounterRow, 'queryId' | 'userId' | 'dbId' | 'toplevel'>;

export type StatementDelta = StatementKey & StatementFigures;

export type IntervalOutcome =
  | { kind: 'baseline'; reason: 'first' | 'restart' | 'gap' | 'overlap' }
  | {
      kind: 'interval';
      /** Seconds between the two reads, by the server's clock. */
      seconds: number;
      /** Statements that ran in the interval (calls or time), unordered. */
      deltas: StatementDelta[];
      /** Entries counted from zero (reset, or evicted and entered again). */
      restarted: number;
      /** Entries the server evicted in the interval; null before 14. */
      evicted: number | null;
    };

/** A previous read older than this many intervals is not differenced (the target or the collector was away). */
const MAX_GAP_INTERVALS = 2.5;

/**
 * How old a previous read may be and still be differenced. Also how long the charts wait for the next interval before
 * they call the time since the last one a gap (./window-coverage.ts).
 */
export function maxGapSeconds(intervalSeconds: number): number {
  return Math.max(intervalSeconds * MAX_GAP_INTERVALS, intervalSeconds + 30);
}

export function statementKey(row: StatementKey): string {
  return `${row.queryId}/${row.userId}/${row.dbId}/${row.toplevel ?? ''}`;
}

export function toSnapshot(info: StatementCounterInfo, rows: readonly StatementCounterRow[]): CounterSnapshot {
  return { info, entries: new Map(rows.map((row) => [statementKey(row), row])) };
}

/** Whether an entry's counters restarted since `before`: they went backwards, or its stats_since moved (17+). */
function restartedSince(before: StatementCounterRow, now: StatementCounterRow): boolean {
  if (now.statsSince !== null && before.statsSince !== null && now.statsSince !== before.statsSince) return true;
  return FIGURES.some((figure) => now[figure] < before[figure]) || (now.walBytes ?? 0) < (before.walBytes ?? 0);
}

function difference(before: StatementCounterRow, now: StatementCounterRow): StatementFigures {
  const figures = figuresOf(now);
  for (const figure of FIGURES) figures[figure] = now[figure] - before[figure];
  figures.walBytes = now.walBytes === null || before.walBytes === null ? now.walBytes : now.walBytes - before.walBytes;
  return figures;
}

export function diffSnapshots(
  previous: CounterSnapshot | null,
  current: CounterSnapshot,
  maxGapSeconds: number,
): IntervalOutcome {
  if (!previous) return { kind: 'baseline', reason: 'first' };
  if (current.info.serverStartedAt !== previous.info.serverStartedAt) return { kind: 'baseline', reason: 'restart' };
  const seconds = current.info.readAt - previous.info.readAt;
  if (seconds <= 0 || seconds > maxGapSeconds) return { kind: 'baseline', reason: 'gap' };
  // A reset that happened before the previous counters were read is already in them (per entry, as counters that
  // went backwards); only one after them means every entry started again within this interval.
  const allReset =
    current.info.statsReset !== previous.info.statsReset &&
    (current.info.statsReset === null || current.info.statsReset > previous.info.countersReadBy);
  const deltas: StatementDelta[] = [];
  let restarted = 0;
  for (const [key, now] of current.entries) {
    const before = allReset ? undefined : previous.entries.get(key);
    // An entry not in the previous snapshot was entered since: all of its counters belong to this interval.
    const fromZero = !before || restartedSince(before, now);
    if (before && fromZero) restarted += 1;
    const figures = fromZero ? figuresOf(now) : difference(before, now);
    if (figures.calls > 0 || figures.totalMs > 0)
      deltas.push({ queryId: now.queryId, userId: now.userId, dbId: now.dbId, toplevel: now.toplevel, ...figures });
  }
  if (allReset) restarted = current.entries.size;
  const evicted =
    current.info.dealloc === null || previous.info.dealloc === null
      ? null
      : allReset
        ? current.info.dealloc
        : Math.max(0, current.info.dealloc - previous.info.dealloc);
  return { kind: 'interval', seconds, deltas, restarted, evicted };
}

/**
 * The `top` statements by time (then calls), and the rest summed into one row — what one interval stores, so the
 * history's size is bounded whatever the workload.
 */
export function keepTop(
  deltas: readonly StatementDelta[],
  top: number,
): { kept: StatementDelta[]; others: StatementFigures | null } {
  const ranked = [...deltas].sort((a, b) => b.totalMs - a.totalMs || b.calls - a.calls);
  const rest = ranked.slice(top);
  return { kept: ranked.slice(0, top), others: rest.length ? sumFigures(rest) : null };
}
