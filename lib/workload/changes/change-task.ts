/**
 * The workload collector's change task (lib/workload/collector.ts): every few minutes per target, read the
 * server's settings, start time, statistics reset times and role, compare them with the previous visit's, and
 * store what changed (./detect-changes.ts) in console.change_event for the timeline and the charts' markers. The
 * settings are read only when their fingerprint (an md5 the server computes over them) moved since the last visit.
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

/** The settings as ObservedState keeps them, by name. */
function observedSettings(settings: readonly SettingValue[]): ObservedState['settings'] {
  return Object.fromEntries(
    settings.map((s) => [
      s.name,
      { value: s.setting, unit: s.unit, source: s.source, pendingRestart: s.pendingRestart },
    ]),
  );
}

export function toObservedState(settings: ObservedState['settings'], server: ServerChangeState): ObservedState {
  return {
    startedAt: server.startedAt.toISOString(),
    inRecovery: server.inRecovery,
    databaseStatsReset: server.databaseStatsReset?.toISOString() ?? null,
    statementsStatsReset: server.statementsStatsReset?.toISOString() ?? null,
    settings,
  };
}

/** A target's state as last seen, and the fingerprint of its settings then (null: read back from the store). */
interface KnownState {
  state: ObservedState;
  json: string;
  settingsFingerprint: string | null;
}

export function createChangeTask(): WorkloadTask {
  /** Each target's last state, as stored (JSON): compared as text to decide whether to store it again. */
  const known = new Map<string, KnownState>();
  return {
    name: 'changes',
    intervalMs: changeCheckIntervalMs,
    async collect(target: Target, now: Date) {
      const server = await getServerChangeState();
      const previous = known.get(target.name) ?? (await findStoredState(target.name));
      // Settings whose fingerprint is the last visit's are not read again: about 350 rows a target every few minutes
      // were most of this task's cost at a thousand targets.
      const settings =
        previous?.settingsFingerprint === server.settingsFingerprint
          ? previous.state.settings
          : observedSettings(await listSettingValues());
      const current = toObservedState(settings, server);
      const json = JSON.stringify(current);
      if (previous?.json !== json) {
        const changes = previous ? detectChanges(previous.state, current, now) : [];
        await recordChanges(target.name, now, current, changes);
      }
      known.set(target.name, { state: current, json, settingsFingerprint: server.settingsFingerprint });
    },
    async retire(env: Env, now: Date) {
      await deleteChangeEventsBefore(new Date(now.getTime() - env.STATEMENT_HISTORY_DAYS * DAY_MS));
    },
  };
}

async function findStoredState(target: string): Promise<KnownState | null> {
  const stored = await findChangeBaseline(target);
  return stored && { state: stored.state, json: JSON.stringify(stored.state), settingsFingerprint: null };
}
