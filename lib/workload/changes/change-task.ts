/**
 * The workload collector's change task (lib/workload/collector.ts): every few minutes per target, read the
 * server's settings, start time, statistics reset times and role, compare them with the previous visit's, and
 * store what changed (./detect-changes.ts) in console.change_event for the timeline and the charts' markers.
 *
 * The previous visit's state is held in memory per target and also stored (console.change_baseline): a console
 * that restarts compares with what it saw before it stopped, so it neither reports every setting as changed nor
 * misses a change made while it was down. The first visit of a target only records its state. The stored state
 * is rewritten only when it differs — about 350 settings, some 40 kB of jsonb, would otherwise be rewritten every
 * few minutes for nothing.
 */
import 'server-only';
import type { Env } from '../../env';
import {
  getServerChangeState,
  listSettingValues,
  type ServerChangeState,
  type SettingValue,
} from '../../pg/server-changes';
import type { Target } from '../../targets/registry';
import type { WorkloadTask } from '../collector';
import { deleteChangeEventsBefore, findChangeBaseline, recordChanges } from './change-store';
import { detectChanges, type ObservedState } from './detect-changes';

/**
 * Statement-history intervals per change check. The issue asks for settings "compared every few minutes"; like
 * pgwatch's default of 3 minutes, that is 3 × STATEMENT_SAMPLE_SECONDS = 3 minutes at its default of 60 s. Tied to
 * that setting rather than fixed so a deployment sampling faster (the e2e console samples every 3 s) also sees its
 * changes sooner — 9 s there — without a setting of its own (lib/env.ts and the e2e config stay as they are); at
 * any cadence the check is a handful of catalog reads.
 */
export const CHANGE_CHECK_INTERVALS = 3;

const DAY_MS = 86_400_000;

export function changeCheckIntervalMs(env: Pick<Env, 'STATEMENT_SAMPLE_SECONDS'>): number {
  return CHANGE_CHECK_INTERVALS * env.STATEMENT_SAMPLE_SECONDS * 1000;
}

export function toObservedState(settings: readonly SettingValue[], server: ServerChangeState): ObservedState {
  return {
    startedAt: server.startedAt.toISOString(),
    inRecovery: server.inRecovery,
    databaseStatsReset: server.databaseStatsReset?.toISOString() ?? null,
    statementsStatsReset: server.statementsStatsReset?.toISOString() ?? null,
    settings: Object.fromEntries(
      settings.map((s) => [
        s.name,
        { value: s.setting, unit: s.unit, source: s.source, pendingRestart: s.pendingRestart },
      ]),
    ),
  };
}

export function createChangeTask(): WorkloadTask {
  /** Each target's last state, as stored (JSON): compared as text to decide whether to store it again. */
  const known = new Map<string, { state: ObservedState; json: string }>();
  return {
    name: 'changes',
    intervalMs: changeCheckIntervalMs,
    async collect(target: Target, now: Date) {
      const [settings, server] = await Promise.all([listSettingValues(), getServerChangeState()]);
      const current = toObservedState(settings, server);
      const json = JSON.stringify(current);
      const previous = known.get(target.name) ?? (await findStoredState(target.name));
      if (previous?.json === json) return;
      const changes = previous ? detectChanges(previous.state, current, now) : [];
      await recordChanges(target.name, now, current, changes);
      known.set(target.name, { state: current, json });
    },
    async retire(env: Env, now: Date) {
      await deleteChangeEventsBefore(new Date(now.getTime() - env.STATEMENT_HISTORY_DAYS * DAY_MS));
    },
  };
}

async function findStoredState(target: string): Promise<{ state: ObservedState; json: string } | null> {
  const stored = await findChangeBaseline(target);
  return stored && { state: stored.state, json: JSON.stringify(stored.state) };
}
