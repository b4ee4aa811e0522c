/** Re-checks every checklist item every CHECKLIST_INTERVAL_MINUTES, in one console process (leader loop). */
import 'server-only';
import { getEnv } from '../env';
import { CONSOLE_LOCK_CLASS, createLeaderLoop, type LeaderLoop } from '../jobs/leader-loop';
import { runAllChecks } from './run-checks';

export const CHECKLIST_LOCK = { classId: CONSOLE_LOCK_CLASS, objectId: 4 } as const;

const globalForChecklist = globalThis as unknown as { checklistLoop?: LeaderLoop };

export function startChecklistScheduler(): LeaderLoop {
  globalForChecklist.checklistLoop ??= createLeaderLoop({
    name: 'checklist',
    lock: CHECKLIST_LOCK,
    intervalMs: getEnv().CHECKLIST_INTERVAL_MINUTES * 60_000,
    work: async () => {
      await runAllChecks();
    },
  });
  return globalForChecklist.checklistLoop;
}
