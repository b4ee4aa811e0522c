/**
 * The sampler health panel's rows: one per console process that samples (console.sampler_process), judged from its
 * last round's figures (lib/sampler/process-stats.ts). A process is the bottleneck when it leaves targets not
 * sampled or its round outlasts the interval (red), or when it runs near its limits (amber); one not seen for two
 * intervals is gone, and its targets go to the others. Pure.
 */
import { formatClock, formatCount, formatDuration } from '../format';
import type { TileStatus } from '../monitoring/glance-rules';
import { SATURATION_LAG_MS } from './evidence';
import type { SamplerProcessStats } from './process-stats';

export interface SamplerProcessRecord {
  memberId: number;
  host: string;
  pid: number;
  startedAt: Date;
  seenAt: Date;
  /** Null when the stored figures do not parse (written by another version); `statsProblem` says why. */
  stats: SamplerProcessStats | null;
  statsProblem: string | null;
}

export interface SamplerHealthRow {
  memberId: number;
  host: string;
  pid: number;
  isThisProcess: boolean;
  gone: boolean;
  status: TileStatus;
  /** What is not ok, one sentence each. */
  findings: string[];
  started: string;
  lastSeen: string;
  round: string;
  targets: string;
  connections: string;
  cpu: string;
  eventLoopDelay: string;
}

/** Of one core: past it the next thousand targets have no room on this process (issue 18 aims at ≤ 50 %). */
export const CPU_WARN_PERCENT = 80;

const seconds = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} s`;

function findingsOf(stats: SamplerProcessStats): { bad: string[]; warn: string[] } {
  const bad: string[] = [];
  const warn: string[] = [];
  if (stats.notSampled > 0)
    bad.push(
      `${formatCount(stats.notSampled)} of its ${formatCount(stats.targets)} targets not sampled in its last round: it cannot keep up (add a console process, or raise SAMPLER_CONCURRENCY or its connection budget)`,
    );
  if (stats.roundSeconds > stats.intervalSeconds)
    bad.push(`its round took ${seconds(stats.roundSeconds)}, longer than the ${stats.intervalSeconds} s interval`);
  if (stats.late > 0) warn.push(`${formatCount(stats.late)} targets sampled late (by more than a quarter interval)`);
  if (stats.connectionsHeld >= stats.connectionBudget)
    warn.push(
      `holds its whole connection budget (${stats.connectionBudget}): more targets mean connections reopened each round`,
    );
  // Past the sampler's own saturation threshold its timeouts stop counting against targets (lib/sampler/evidence.ts).
  if (stats.eventLoopDelayMs > SATURATION_LAG_MS)
    warn.push(
      `its event loop stalled up to ${Math.round(stats.eventLoopDelayMs)} ms (over ${SATURATION_LAG_MS} ms): the process itself is too busy`,
    );
  if (stats.cpuPercent >= CPU_WARN_PERCENT) warn.push(`${Math.round(stats.cpuPercent)} % of a core`);
  return { bad, warn };
}

/**
 * `intervalSeconds` is this console's SAMPLE_INTERVAL_SECONDS, used for a process whose figures do not parse; `self`
 * names this process, so its row says so.
 */
export function toSamplerHealthRow(
  record: SamplerProcessRecord,
  now: Date,
  intervalSeconds: number,
  self: { host: string; pid: number },
): SamplerHealthRow {
  const { stats } = record;
  const interval = stats?.intervalSeconds ?? intervalSeconds;
  const silentSeconds = (now.getTime() - record.seenAt.getTime()) / 1000;
  const gone = silentSeconds > 2 * interval;
  const { bad, warn } = stats ? findingsOf(stats) : { bad: [], warn: [] };
  const findings = gone
    ? [
        `gone: not seen for ${formatDuration(silentSeconds)} (two intervals are ${2 * interval} s); the other processes take its targets over`,
      ]
    : [...(record.statsProblem ? [record.statsProblem] : []), ...bad, ...warn];
  return {
    memberId: record.memberId,
    host: record.host,
    pid: record.pid,
    isThisProcess: record.host === self.host && record.pid === self.pid,
    gone,
    status: gone || !stats ? 'unknown' : bad.length > 0 ? 'bad' : warn.length > 0 ? 'warn' : 'ok',
    findings,
    started: formatClock(record.startedAt, now),
    lastSeen: formatClock(record.seenAt, now),
    round: stats ? `${seconds(stats.roundSeconds)} of ${stats.intervalSeconds} s` : '—',
    targets: stats
      ? `${formatCount(stats.targets)} owned · ${formatCount(stats.sampled)} sampled · ${formatCount(stats.late)} late · ${formatCount(stats.notSampled)} not sampled · ${formatCount(stats.failed)} failed`
      : '—',
    connections: stats
      ? `${formatCount(stats.connectionsHeld)} of ${formatCount(stats.connectionBudget)}` +
        (stats.connectionsOpened ? ` · ${formatCount(stats.connectionsOpened)} opened` : '') +
        (stats.collectorConnectionsHeld === undefined
          ? ''
          : ` · collector ${formatCount(stats.collectorConnectionsHeld)}`)
      : '—',
    cpu: stats ? `${stats.cpuPercent.toFixed(1)} %` : '—',
    eventLoopDelay: stats ? `${Math.round(stats.eventLoopDelayMs)} ms` : '—',
  };
}

/** Live processes first (by member id), the gone ones after. */
export function toSamplerHealthRows(
  records: readonly SamplerProcessRecord[],
  now: Date,
  intervalSeconds: number,
  self: { host: string; pid: number },
): SamplerHealthRow[] {
  return records
    .map((record) => toSamplerHealthRow(record, now, intervalSeconds, self))
    .sort((a, b) => Number(a.gone) - Number(b.gone) || a.memberId - b.memberId);
}
