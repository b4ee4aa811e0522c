/**
 * The fleet overview's rows: one per target, its status judged by the same tiles as the on-call glance
 * (lib/monitoring/glance-rules.ts), sorted with red rows first, then amber, then by the chosen column. Pure.
 */
import { replicationLagOf } from '../monitoring/replication-lag';
import { evaluateGlance, worstStatus, type GlanceThresholds, type TileStatus } from '../monitoring/glance-rules';
import type { FleetMember, TargetRole } from './fleet';
import type { TargetSource } from './registry';

export interface FleetRow {
  name: string;
  source: TargetSource;
  status: TileStatus;
  /** The tiles that are not ok, for the row's "why". */
  problems: string[];
  up: boolean | null;
  version: string | null;
  role: TargetRole | null;
  connections: number | null;
  maxConnections: number | null;
  lagSeconds: number | null;
  cacheHitRatio: number | null;
  sizeBytes: number | null;
  lastSampleAt: string | null;
}

export const FLEET_SORTS = ['name', 'connections', 'lag', 'cache', 'size', 'sampled'] as const;
export type FleetSort = (typeof FLEET_SORTS)[number];

export function toFleetRow(member: FleetMember, thresholds: GlanceThresholds, now: Date): FleetRow {
  const { sample } = member;
  const down = member.up === false;
  // Figures are current only while the target answers; a down row keeps its version, role and last sample time.
  const current = down ? null : sample;
  const tiles = evaluateGlance(
    { reachable: !down, unreachableSince: member.downSince, error: member.error, sample, now },
    thresholds,
  );
  return {
    name: member.name,
    source: member.source,
    // Never sampled yet: unknown, not green.
    status: member.up === null ? 'unknown' : worstStatus(tiles.map((tile) => tile.status)),
    problems: tiles
      .filter((tile) => tile.status === 'bad' || tile.status === 'warn')
      .map((tile) => `${tile.label}: ${tile.value}`),
    up: member.up,
    version: sample?.server.version ?? null,
    role: member.role,
    connections: current?.connections.inDatabase ?? null,
    maxConnections: current?.server.maxConnections ?? null,
    lagSeconds: current ? replicationLagOf(current) : null,
    cacheHitRatio: current?.cache.ratio ?? null,
    sizeBytes: current?.database.sizeBytes ?? null,
    lastSampleAt: sample?.takenAt ?? null,
  };
}

const STATUS_RANK: Record<TileStatus, number> = { bad: 0, warn: 1, unknown: 2, ok: 3 };

const SORT_VALUE: Record<FleetSort, (row: FleetRow) => number | string | null> = {
  name: (row) => row.name,
  connections: (row) => row.connections,
  lag: (row) => row.lagSeconds,
  cache: (row) => row.cacheHitRatio,
  size: (row) => row.sizeBytes,
  sampled: (row) => row.lastSampleAt,
};

/** Red rows first, then amber, unknown, green; within each, by `sort` (missing figures last), then name. */
export function sortFleetRows(rows: readonly FleetRow[], sort: FleetSort, direction: 'asc' | 'desc'): FleetRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const byStatus = STATUS_RANK[a.status] - STATUS_RANK[b.status];
    if (byStatus !== 0) return byStatus;
    const [x, y] = [SORT_VALUE[sort](a), SORT_VALUE[sort](b)];
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sign;
    }
    return a.name.localeCompare(b.name);
  });
}
