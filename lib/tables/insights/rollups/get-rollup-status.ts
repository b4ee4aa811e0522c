/** How far each table's rollups are: waiting for the first cycle, building, current, stopped or failing. */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../../../db';
import { getEnv } from '../../../env';
import { int, parseRows } from '../../../pg/rows';
import type { RollupTableName } from './definitions';
import { dayOf, naiveToMs } from './naive-time';
import { listSourceStates, type SourceState } from './store';

export type RollupState = 'waiting' | 'building' | 'current' | 'stopped' | 'failing' | 'stale';

export interface RollupStatus {
  table: RollupTableName;
  state: RollupState;
  /** The watched server's local date at the last cycle: the pages' "today". */
  today: string | null;
  source: SourceState | null;
  /** Rows folded in so far and the planner's count of the table (the build's progress). */
  rowsDone: number;
  rowsEstimate: number | null;
  /** Days with a slice still to be counted whole (the first build, or days found wrong). */
  daysLeft: number;
  /** Something the last cycle put aside while the rest went on (a slice too big to count), else null. */
  warning: string | null;
}

/** The watermark is this far behind the server's clock beyond the late window and a cycle: still catching up. */
const CATCHING_UP_SLACK_MS = 60_000;
const STALE_SLACK_MS = 30_000;

export async function getRollupStatus(table: RollupTableName): Promise<RollupStatus> {
  const source = (await listSourceStates()).get(table) ?? null;
  const [progress] = parseRows(
    z.object({ rowsDone: int, daysLeft: int }),
    await getPrisma().$queryRawUnsafe(
      `SELECT coalesce(sum(rows) FILTER (WHERE built_at IS NOT NULL OR day >= $2::date), 0)::float8 AS "rowsDone",
              count(DISTINCT day) FILTER (WHERE built_at IS NULL AND ($2::date IS NULL OR day < $2::date))::float8 AS "daysLeft"
       FROM console.insight_day WHERE table_name = $1`,
      table,
      source?.sealedThrough ? dayOf(source.sealedThrough) : null,
    ),
  );
  const env = getEnv();
  const behindMs =
    source?.sealedThrough && source.sourceNow ? naiveToMs(source.sourceNow) - naiveToMs(source.sealedThrough) : 0;
  const catchingUp =
    behindMs > env.INSIGHTS_LATE_SECONDS * 1000 + env.INSIGHTS_INTERVAL_SECONDS * 1000 + CATCHING_UP_SLACK_MS;
  // No cycle for this long: the leader is not running (or cannot reach the console store), whatever the last said.
  const staleAfterMs = 3 * env.INSIGHTS_INTERVAL_SECONDS * 1000 + env.INSIGHTS_BUILD_BUDGET_MS + STALE_SLACK_MS;
  const state: RollupState = source?.stoppedAt
    ? 'stopped'
    : source?.failingSince
      ? 'failing'
      : !source?.lastCycleAt
        ? 'waiting'
        : Date.now() - source.lastCycleAt.getTime() > staleAfterMs
          ? 'stale'
          : progress.daysLeft > 0 || catchingUp
            ? 'building'
            : 'current';
  return {
    table,
    state,
    today: source?.sourceNow ? dayOf(source.sourceNow) : null,
    source,
    rowsDone: progress.rowsDone,
    rowsEstimate: source?.rowsEstimate ?? null,
    daysLeft: progress.daysLeft,
    warning: source?.failingSince ? null : (source?.lastError ?? null),
  };
}
