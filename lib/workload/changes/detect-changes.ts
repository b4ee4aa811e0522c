/**
 * What changed on a server between two visits of the change task (./change-task.ts): the state it observes, and
 * the events a difference makes — a setting's value old → new (or changed and waiting for a restart), a restart, a
 * statistics reset, a promotion or a demotion. Pure: the task reads, this compares, the store writes.
 */
import { z } from 'zod';

export const CHANGE_KINDS = ['setting', 'restart', 'stats_reset', 'role'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

const observedSetting = z.object({
  value: z.string().nullable(),
  unit: z.string().nullable(),
  source: z.string(),
  pendingRestart: z.boolean(),
});
export type ObservedSetting = z.output<typeof observedSetting>;

/** One visit's observation, as stored in console.change_baseline.state (so parsed when read back). */
export const observedStateSchema = z.object({
  startedAt: z.iso.datetime(),
  inRecovery: z.boolean(),
  databaseStatsReset: z.iso.datetime().nullable(),
  statementsStatsReset: z.iso.datetime().nullable(),
  settings: z.record(z.string(), observedSetting),
});
export type ObservedState = z.output<typeof observedStateSchema>;

export interface DetectedChange {
  /** When it happened where the server says (a start, a reset); otherwise when the task noticed. */
  at: Date;
  kind: ChangeKind;
  summary: string;
  detail: Record<string, string | number | boolean | null>;
}

const BYTE_UNITS: [string, number][] = [
  ['TB', 2 ** 40],
  ['GB', 2 ** 30],
  ['MB', 2 ** 20],
  ['kB', 2 ** 10],
  ['B', 1],
];
const TIME_UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
  ['ms', 1],
  ['us', 0.001],
];

/**
 * A value as postgresql.conf would spell it: pg_settings gives `work_mem` as 4096 with unit "kB" and
 * `shared_buffers` as 16384 with unit "8kB"; this says 4MB and 128MB, using the largest unit that divides the value
 * exactly, as SHOW does. Negative values (-1: "disabled") and non-numbers are shown as they are.
 */
export function formatSettingValue(value: string | null, unit: string | null): string {
  if (value === null) return '(none)';
  if (value === '') return "''";
  const match = unit === null ? null : /^(\d*)\s*(TB|GB|MB|kB|B|d|h|min|s|ms|us)$/.exec(unit);
  const number = Number(value);
  if (!match || !/^\d+$/.test(value) || !Number.isSafeInteger(number)) return unit ? `${value} ${unit}` : value;
  const units = BYTE_UNITS.some(([name]) => name === match[2]) ? BYTE_UNITS : TIME_UNITS;
  const base = number * Number(match[1] || 1) * units.find(([name]) => name === match[2])![1];
  if (base === 0) return `0`;
  const [name, size] = units.find(([, size]) => base % size === 0 && base >= size) ?? units.at(-1)!;
  return `${base / size}${name}`;
}

function settingChange(
  name: string,
  before: ObservedSetting | undefined,
  after: ObservedSetting | undefined,
  at: Date,
) {
  const from = before ? formatSettingValue(before.value, before.unit) : null;
  const to = after ? formatSettingValue(after.value, after.unit) : null;
  const pendingRestart = after?.pendingRestart ?? false;
  const valueChanged = (before?.value ?? null) !== (after?.value ?? null) || !before || !after;
  // A change made in the file (or by ALTER SYSTEM) and reloaded that needs a restart leaves pg_settings' value as
  // it was and sets pending_restart: the new value is only in pg_file_settings, which only a superuser can read.
  const summary = valueChanged
    ? `${name}: ${from ?? '(not set)'} → ${to ?? '(gone)'}${pendingRestart ? ' (needs a restart)' : ''}`
    : `${name} changed in the configuration; takes effect after a restart (now ${to})`;
  return {
    at,
    kind: 'setting' as const,
    summary,
    detail: {
      name,
      from,
      to,
      fromRaw: before?.value ?? null,
      toRaw: after?.value ?? null,
      unit: after?.unit ?? before?.unit ?? null,
      source: after?.source ?? null,
      pendingRestart,
    },
  };
}

/**
 * Sources a restart keeps ahead of postgresql.conf and postgresql.auto.conf. A reload marks a postmaster-level
 * parameter pending_restart whenever the files disagree with its value, even one given on the command line
 * (observed on 15: after any reload, the embedded server's -c max_connections=200 shows pending_restart), but the
 * restart would change nothing: not a change to report.
 */
const WINS_OVER_FILE = new Set(['command line', 'environment variable', 'override']);

/** The settings whose value changed, appeared or went, or that newly wait for a restart, by name. */
function settingChanges(previous: ObservedState, current: ObservedState, now: Date): DetectedChange[] {
  const names = [...new Set([...Object.keys(previous.settings), ...Object.keys(current.settings)])].sort();
  return names.flatMap((name) => {
    const before = previous.settings[name];
    const after = current.settings[name];
    const changed =
      !before ||
      !after ||
      before.value !== after.value ||
      (after.pendingRestart && !before.pendingRestart && !WINS_OVER_FILE.has(after.source));
    return changed ? [settingChange(name, before, after, now)] : [];
  });
}

const utc = (iso: string) => iso.replace('T', ' ').slice(0, 19) + ' UTC';

/** Every change from `previous` to `current`, as the task noticed it at `now`. */
export function detectChanges(previous: ObservedState, current: ObservedState, now: Date): DetectedChange[] {
  const changes: DetectedChange[] = [];
  if (previous.startedAt !== current.startedAt)
    changes.push({
      at: new Date(current.startedAt),
      kind: 'restart',
      summary: `Server restarted at ${utc(current.startedAt)}`,
      detail: { previousStartedAt: previous.startedAt, startedAt: current.startedAt },
    });
  if (previous.inRecovery !== current.inRecovery)
    changes.push({
      at: now,
      kind: 'role',
      summary: current.inRecovery ? 'Became a replica (in recovery)' : 'Promoted to primary (left recovery)',
      detail: { from: previous.inRecovery ? 'replica' : 'primary', to: current.inRecovery ? 'replica' : 'primary' },
    });
  const resets: [keyof ObservedState & `${string}StatsReset`, string, string][] = [
    ['statementsStatsReset', 'pg_stat_statements', 'Query statistics reset (pg_stat_statements)'],
    ['databaseStatsReset', 'pg_stat_database', 'Database statistics reset (pg_stat_database)'],
  ];
  for (const [key, view, summary] of resets) {
    const at = current[key];
    if (at !== null && at !== previous[key])
      changes.push({
        at: new Date(at),
        kind: 'stats_reset',
        summary,
        detail: { view, previousReset: previous[key], reset: at },
      });
  }
  return [...changes, ...settingChanges(previous, current, now)];
}
