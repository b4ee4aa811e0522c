/**
 * The tuning advisor behind checklist item 9: recommendations for postgresql.conf derived from the server's
 * memory, CPUs and storage type, following the guide's "Configure PostgreSQL for Production" (written for a
 * 16 GB SSD server: shared_buffers 4GB = 25 %, effective_cache_size 12GB = 75 %, maintenance_work_mem 1GB,
 * work_mem 16MB, …). Pure: the server's settings come in, verdicts go out.
 */
import type { CheckStatus } from './types';

export interface ServerResources {
  memoryBytes: number;
  cpus: number;
  storage: 'ssd' | 'hdd';
  /** Where the figures came from, e.g. "this machine (embedded server)" or "assumed: the guide's 16 GB server". */
  source: string;
}

/** A row of pg_settings: the value as PostgreSQL stores it, in its unit. */
export interface PgSetting {
  name: string;
  setting: string;
  unit: string | null;
}

export interface TuningAdvice {
  name: string;
  current: string;
  recommended: string;
  status: CheckStatus;
  why: string;
}

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

const UNIT_BYTES: Record<string, number> = {
  B: 1,
  kB: KB,
  '8kB': 8 * KB,
  '16kB': 16 * KB,
  '32kB': 32 * KB,
  '64kB': 64 * KB,
  MB,
  GB,
  TB: 1024 * GB,
};
const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** A memory setting in bytes or a time setting in milliseconds; other settings as they are. */
function normalise(setting: PgSetting): number | string {
  const value = Number(setting.setting);
  if (setting.unit && Number.isFinite(value)) {
    if (setting.unit in UNIT_BYTES) return value * UNIT_BYTES[setting.unit];
    if (setting.unit in UNIT_MS) return value * UNIT_MS[setting.unit];
  }
  return Number.isFinite(value) && setting.setting.trim() !== '' ? value : setting.setting;
}

export function formatBytesSetting(bytes: number): string {
  if (bytes >= GB && bytes % GB === 0) return `${bytes / GB}GB`;
  if (bytes >= MB) return `${Math.round(bytes / MB)}MB`;
  return `${Math.round(bytes / KB)}kB`;
}

/** A time setting as postgresql.conf would spell it: 1d, 2h, 5min, 30s or 250ms; -1 (off) as such. */
export function formatDurationSetting(ms: number): string {
  if (ms < 0) return '-1 (off)';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function displayCurrent(setting: PgSetting): string {
  const value = normalise(setting);
  if (typeof value === 'number' && setting.unit && setting.unit in UNIT_BYTES) return formatBytesSetting(value);
  if (typeof value === 'number' && setting.unit && setting.unit in UNIT_MS) return formatDurationSetting(value);
  return setting.setting;
}

type Rule =
  | { name: string; kind: 'bytes'; target: number; tolerance: number; why: string }
  | { name: string; kind: 'number' | 'ms'; target: number; why: string }
  | { name: string; kind: 'text'; target: string; why: string };

/** Round a memory recommendation to whole megabytes. */
const mb = (bytes: number) => Math.max(MB, Math.round(bytes / MB) * MB);

export function tuningRules(resources: ServerResources): Rule[] {
  const ram = resources.memoryBytes;
  const ssd = resources.storage === 'ssd';
  return [
    {
      name: 'shared_buffers',
      kind: 'bytes',
      target: mb(ram * 0.25),
      tolerance: 0.2,
      why: "25 % of the server's memory (the guide: 4GB of 16GB).",
    },
    {
      name: 'effective_cache_size',
      kind: 'bytes',
      target: mb(ram * 0.75),
      tolerance: 0.2,
      why: 'About 75 % of memory: what the planner may assume the OS and PostgreSQL cache together.',
    },
    {
      name: 'maintenance_work_mem',
      kind: 'bytes',
      target: mb(Math.min(ram / 16, 2 * GB)),
      tolerance: 0.25,
      why: 'Memory/16, at most 2GB (the guide: 1GB of 16GB): faster VACUUM and index builds.',
    },
    {
      name: 'work_mem',
      kind: 'bytes',
      target: mb(Math.max(4 * MB, ram / 1024)),
      tolerance: 0.25,
      why: 'Memory/1024 (the guide: 16MB of 16GB): per sort or hash, times concurrent operations, must fit.',
    },
    {
      name: 'wal_buffers',
      kind: 'bytes',
      target: 16 * MB,
      tolerance: 0,
      why: '16MB, as the guide; the automatic value is smaller on small shared_buffers.',
    },
    {
      name: 'checkpoint_completion_target',
      kind: 'number',
      target: 0.9,
      why: 'Spread checkpoint writes over 90 % of the interval (the guide).',
    },
    {
      name: 'min_wal_size',
      kind: 'bytes',
      target: 1 * GB,
      tolerance: 0,
      why: '1GB (the guide): keeps WAL segments for reuse.',
    },
    {
      name: 'max_wal_size',
      kind: 'bytes',
      target: 4 * GB,
      tolerance: 0,
      why: '4GB (the guide): fewer forced checkpoints under write bursts.',
    },
    {
      name: 'random_page_cost',
      kind: 'number',
      target: ssd ? 1.1 : 4,
      why: ssd
        ? 'SSD: random reads cost about as much as sequential ones (the guide: 1.1).'
        : 'Spinning disks: the default 4.',
    },
    {
      name: 'effective_io_concurrency',
      kind: 'number',
      target: ssd ? 200 : 2,
      why: ssd ? 'SSD: many concurrent I/O requests (the guide: 200).' : 'Spinning disks: 2.',
    },
    { name: 'max_connections', kind: 'number', target: 200, why: 'The guide: 200, with a pooler in front.' },
    {
      name: 'superuser_reserved_connections',
      kind: 'number',
      target: 3,
      why: 'The guide: 3 slots kept for administrators.',
    },
    { name: 'logging_collector', kind: 'text', target: 'on', why: 'Logs go to files the guide rotates daily.' },
    { name: 'log_rotation_age', kind: 'ms', target: 86_400_000, why: 'A new log file every day (the guide: 1d).' },
    { name: 'log_rotation_size', kind: 'bytes', target: 1 * GB, tolerance: 0, why: 'Or every 1GB (the guide).' },
    {
      name: 'log_line_prefix',
      kind: 'text',
      target: '%t [%p]: user=%u,db=%d,app=%a,client=%h ',
      why: 'Time, pid, user, database, application and client on every line (the guide).',
    },
    { name: 'log_statement', kind: 'text', target: 'ddl', why: 'Log schema changes only (the guide).' },
    {
      name: 'log_min_duration_statement',
      kind: 'ms',
      target: 1000,
      why: 'Log statements slower than 1 s (the guide); the console counts them as slow.',
    },
    {
      name: 'track_io_timing',
      kind: 'text',
      target: 'on',
      why: 'I/O times in pg_stat_statements and EXPLAIN (the guide).',
    },
    {
      name: 'track_activity_query_size',
      kind: 'bytes',
      target: 2048,
      tolerance: 0,
      why: 'Keep 2048 bytes of each query text in pg_stat_activity (the guide).',
    },
  ];
}

function recommendedText(rule: Rule): string {
  if (rule.kind === 'bytes') return formatBytesSetting(rule.target);
  if (rule.kind === 'ms') return formatDurationSetting(rule.target);
  return String(rule.target);
}

export function adviseTuning(resources: ServerResources, settings: readonly PgSetting[]): TuningAdvice[] {
  const byName = new Map(settings.map((setting) => [setting.name, setting]));
  return tuningRules(resources).map((rule) => {
    const setting = byName.get(rule.name);
    if (!setting)
      return {
        name: rule.name,
        current: 'not readable',
        recommended: recommendedText(rule),
        status: 'manual' as const,
        why: rule.why,
      };
    const current = normalise(setting);
    let ok: boolean;
    if (rule.kind === 'bytes')
      ok = typeof current === 'number' && Math.abs(current - rule.target) <= rule.target * rule.tolerance;
    else if (rule.kind === 'text') ok = String(current) === rule.target;
    else ok = typeof current === 'number' && Math.abs(current - rule.target) < 1e-9;
    return {
      name: rule.name,
      current: displayCurrent(setting),
      recommended: recommendedText(rule),
      status: ok ? ('pass' as const) : ('warn' as const),
      why: rule.why,
    };
  });
}
