/**
 * The workload collector's tasks (lib/workload/collector.ts), one per kind of history. A new kind of history is a
 * new task here.
 */
import 'server-only';
import type { WorkloadTask } from './collector';
import { createActivityHistoryTask } from './activity/activity-task';
import { createChangeTask } from './changes/change-task';
import { createStatementHistoryTask } from './statements/statement-task';
import { createTableGrowthTask } from './table-growth/table-growth-task';

export function createWorkloadTasks(): WorkloadTask[] {
  return [createStatementHistoryTask(), createActivityHistoryTask(), createTableGrowthTask(), createChangeTask()];
}
