/**
 * The insights leader: one console process of the deployment (advisory lock, lib/jobs/leader-loop.ts) runs an
 * insights cycle (./run-insights-cycle.ts) every INSIGHTS_INTERVAL_SECONDS, reading from the routed target
 * (TABLE_READS_FROM: the replica when set) and writing the console store.
 */
import 'server-only';
import { getEnv } from '../../../env';
import { CONSOLE_LOCK_CLASS, createLeaderLoop, type LeaderLoop } from '../../../jobs/leader-loop';
import { withTarget } from '../../../pg/client';
import { resolveTableReadRoute } from '../../read-route';
import { createCycleMemory, runInsightsCycle, type CycleMemory, type CycleReport } from './run-insights-cycle';

export const INSIGHTS_LOCK = { classId: CONSOLE_LOCK_CLASS, objectId: 6 } as const;

/** The days of each table are listed (a loose index scan) this often. */
const LIST_DAYS_EVERY_MS = 5 * 60_000;

/** One cycle against the routed target, with the configured budgets. */
export async function runRoutedInsightsCycle(memory: CycleMemory): Promise<CycleReport> {
  const env = getEnv();
  const route = await resolveTableReadRoute();
  return withTarget(route.target, () =>
    runInsightsCycle(
      {
        lateSeconds: env.INSIGHTS_LATE_SECONDS,
        cycleBudgetMs: env.INSIGHTS_CYCLE_BUDGET_MS,
        buildBudgetMs: env.INSIGHTS_BUILD_BUDGET_MS,
        listDaysEveryMs: LIST_DAYS_EVERY_MS,
        listingsPerCycle: 1,
        sourceTarget: route.target.name,
      },
      memory,
    ),
  );
}

const globalForInsights = globalThis as unknown as { insightsLoop?: LeaderLoop };

export function startInsightsScheduler(): LeaderLoop {
  const memory = createCycleMemory();
  globalForInsights.insightsLoop ??= createLeaderLoop({
    name: 'insights',
    lock: INSIGHTS_LOCK,
    intervalMs: getEnv().INSIGHTS_INTERVAL_SECONDS * 1000,
    work: async () => {
      await runRoutedInsightsCycle(memory);
    },
  });
  return globalForInsights.insightsLoop;
}
