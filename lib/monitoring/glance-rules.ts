/**
 * The on-call glance: turns the latest sample into green / amber / red tiles. Pure, so every rule is unit-tested.
 * Thresholds are the configured ones (lib/monitoring/thresholds.ts), whose defaults are the guide's alert rules
 * (HighConnectionCount > 150, SlowQueries > 10, cache hit > 99 %).
 */
import { formatCount } from '../format';
import type { Sample } from '../sampler/sample';
import { replicationLagOf } from './replication-lag';
import { judgeCacheHit, type Thresholds } from './thresholds';

export type TileStatus = 'ok' | 'warn' | 'bad' | 'unknown';

export interface Tile {
  id:
    | 'database'
    | 'connections'
    | 'slow-queries'
    | 'long-running'
    | 'cache-hit'
    | 'blocked'
    | 'replication-lag'
    | 'last-sample';
  label: string;
  status: TileStatus;
  value: string;
  detail: string;
  /** The report that explains the figure. */
  href: string;
}

export type GlanceThresholds = Thresholds;

export interface GlanceInput {
  /** null: not known (the console database, where samples live, cannot be read). */
  reachable: boolean | null;
  unreachableSince: string | null;
  error: string | null;
  sample: Sample | null;
  now: Date;
}

const STATUS_ORDER: TileStatus[] = ['ok', 'unknown', 'warn', 'bad'];

export function worstStatus(statuses: TileStatus[]): TileStatus {
  return statuses.reduce<TileStatus>(
    (worst, s) => (STATUS_ORDER.indexOf(s) > STATUS_ORDER.indexOf(worst) ? s : worst),
    'ok',
  );
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(2)} %`;

export function evaluateGlance(input: GlanceInput, thresholds: GlanceThresholds): Tile[] {
  const { sample, now } = input;
  const ageSeconds = sample ? (now.getTime() - new Date(sample.takenAt).getTime()) / 1000 : null;
  const tiles: Tile[] = [
    {
      id: 'database',
      label: 'Database',
      status: input.reachable === null ? 'unknown' : input.reachable ? 'ok' : 'bad',
      value: input.reachable === null ? 'unknown' : input.reachable ? 'up' : 'unreachable',
      detail:
        input.reachable === null
          ? (input.error ?? 'not known')
          : input.reachable
            ? sample
              ? `PostgreSQL ${sample.server.version}`
              : 'answering'
            : `since ${input.unreachableSince ?? 'unknown'}: ${input.error ?? ''}`,
      href: '/activity',
    },
    {
      id: 'last-sample',
      label: 'Last sample',
      status:
        ageSeconds === null
          ? 'bad'
          : ageSeconds <= 2 * thresholds.sampleIntervalSeconds
            ? 'ok'
            : ageSeconds <= 4 * thresholds.sampleIntervalSeconds
              ? 'warn'
              : 'bad',
      value: ageSeconds === null ? 'none yet' : `${Math.max(0, Math.round(ageSeconds))} s ago`,
      detail: sample ? sample.takenAt : 'the sampler has not recorded a sample',
      href: '/history',
    },
  ];
  // A server that is not answering has no current figures: its last sample's are not judged as if they were.
  if (!sample || !input.reachable) return tiles;

  const connections = sample.connections.inDatabase;
  tiles.push(
    {
      id: 'connections',
      label: 'Connections',
      status: connections > thresholds.connections ? 'bad' : connections > 0.8 * thresholds.connections ? 'warn' : 'ok',
      value: String(connections),
      detail: `alert above ${thresholds.connections}; ${sample.connections.onServer} of ${sample.server.maxConnections - sample.server.superuserReservedConnections} usable server slots in use`,
      href: '/activity',
    },
    {
      id: 'slow-queries',
      label: 'Slow queries',
      status:
        sample.slowQueries === null
          ? 'unknown'
          : sample.slowQueries.count > thresholds.slowQueries
            ? 'bad'
            : sample.slowQueries.count > 0
              ? 'warn'
              : 'ok',
      value: sample.slowQueries === null ? 'n/a' : String(sample.slowQueries.count),
      detail:
        sample.slowQueries === null
          ? 'pg_stat_statements is not enabled'
          : `statements with mean above ${sample.slowQueries.thresholdMs} ms; alert above ${thresholds.slowQueries}`,
      href: '/queries',
    },
    {
      id: 'long-running',
      label: 'Long-running queries',
      status: sample.longRunning.count > 0 ? 'bad' : 'ok',
      value: String(sample.longRunning.count),
      detail:
        sample.longRunning.count > 0
          ? `longest ${Math.round(sample.longRunning.longestSeconds ?? 0)} s (threshold ${sample.longRunning.thresholdSeconds} s)`
          : `none active for more than ${sample.longRunning.thresholdSeconds} s`,
      href: '/activity',
    },
    cacheHitTile(sample, thresholds),
    {
      id: 'blocked',
      label: 'Blocked sessions',
      status: sample.blockedSessions > 0 ? 'warn' : 'ok',
      value: String(sample.blockedSessions),
      detail: sample.blockedSessions > 0 ? 'waiting for a lock held by another session' : 'no lock waits',
      href: '/activity',
    },
  );
  const isStandby = sample.recovery?.inRecovery === true;
  if (sample.replication.replicas > 0 || isStandby) {
    const lag = replicationLagOf(sample);
    tiles.push({
      id: 'replication-lag',
      label: 'Replication lag',
      status:
        lag === null
          ? 'unknown'
          : lag > thresholds.replicationLagSeconds
            ? 'bad'
            : lag > thresholds.replicationLagSeconds / 2
              ? 'warn'
              : 'ok',
      value: lag === null ? 'unknown' : `${lag.toFixed(1)} s`,
      detail: `${isStandby ? 'this standby behind its primary' : `${sample.replication.replicas} replica(s)`}; alert above ${thresholds.replicationLagSeconds} s`,
      href: '/activity',
    });
  }
  return tiles;
}

function cacheHitTile(sample: Sample, thresholds: GlanceThresholds): Tile {
  const judged = judgeCacheHit(sample.cache, thresholds);
  const tile = { id: 'cache-hit', label: 'Cache hit ratio', href: '/cache' } as const;
  switch (judged.kind) {
    case 'none':
      return {
        ...tile,
        status: 'unknown',
        value: 'n/a',
        detail: 'no table block read since the statistics were reset',
      };
    case 'warming-up':
      return {
        ...tile,
        status: 'unknown',
        value: `warming up (${percent(judged.ratio)})`,
        detail: `only ${formatCount(judged.blocks)} table blocks since the statistics were reset; judged from ${formatCount(thresholds.cacheHitMinBlocks)}`,
      };
    case 'judged':
      return {
        ...tile,
        status: judged.status,
        value: percent(judged.ratio),
        detail: `healthy above ${percent(thresholds.cacheHitRatio)} (${formatCount(judged.blocks)} blocks)`,
      };
  }
}
