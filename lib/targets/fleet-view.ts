/**
 * The fleet overview's rows: one per target, its status judged by the same tiles as the on-call glance
 * (lib/monitoring/glance-rules.ts), sorted with red rows first, then amber, then by the chosen column; filtered by
 * state, name and tag, counted per state and cut into pages. Pure: the whole fleet is one cached read
 * (lib/targets/fleet.ts), so a page is a slice of it in memory.
 */
import { replicationLagOf } from '../monitoring/replication-lag';
import { evaluateGlance, worstStatus, type GlanceThresholds, type TileStatus } from '../monitoring/glance-rules';
import type { FleetMember, TargetRole } from './fleet';
import type { FleetState } from './fleet-state';
import type { TargetSource } from './registry';

export interface FleetRow {
  name: string;
  source: TargetSource;
  tags: string[];
  state: FleetState;
  /** Consecutive failed attempts (a failing row has some, fewer than make it down). */
  failures: number;
  status: TileStatus;
  /** Why it is down, failing, not sampled or not known; free of secrets. */
  reason: string | null;
  /** The tiles that are not ok, for the row's "why". */
  problems: string[];
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

/** The state filter: every row, the red and amber ones, or one state. */
export const FLEET_FILTERS = ['all', 'problems', 'down', 'failing', 'not-sampled', 'unknown', 'up'] as const;
export type FleetFilter = (typeof FLEET_FILTERS)[number];

export const FLEET_PAGE_SIZE = 50;

export interface FleetQuery {
  state: FleetFilter;
  /** A part of the name, lower case. */
  name: string | null;
  tag: string | null;
  sort: FleetSort;
  direction: 'asc' | 'desc';
  /** 1-based. */
  page: number;
}

export function toFleetRow(member: FleetMember, thresholds: GlanceThresholds, now: Date): FleetRow {
  const { sample, state } = member;
  // Figures are current only while the target answers; other rows keep their version, role and last sample time.
  const answers = state === 'up' || state === 'failing';
  const current = answers ? sample : null;
  // A row the console has not reached lately is judged by nothing: its old figures are not current, and its age
  // is the console's lateness, not the server's (grey, never red).
  const tiles =
    state === 'not-sampled' || state === 'unknown'
      ? []
      : evaluateGlance(
          { reachable: answers, unreachableSince: member.downSince, error: member.error, sample, now },
          thresholds,
        );
  const tileStatus = worstStatus(tiles.map((tile) => tile.status));
  return {
    name: member.name,
    source: member.source,
    tags: member.tags,
    state,
    failures: member.failures,
    status:
      state === 'not-sampled' || state === 'unknown'
        ? 'unknown'
        : state === 'failing'
          ? worstStatus([tileStatus, 'warn'])
          : tileStatus,
    reason: state === 'up' ? null : member.error,
    problems: tiles
      .filter((tile) => tile.status === 'bad' || tile.status === 'warn')
      .map((tile) => `${tile.label}: ${tile.value}`),
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
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

/** Problems: the red and amber rows (down, failing, or past a threshold); a row not sampled is grey, not a problem. */
export function matchesState(row: FleetRow, filter: FleetFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'problems') return row.status === 'bad' || row.status === 'warn';
  return row.state === filter;
}

export type FleetCounts = Record<FleetFilter, number>;

export interface FleetPage {
  /** This page's rows, sorted. */
  rows: FleetRow[];
  /** Per state, of the rows the name and tag filters keep (so the counts say what each state filter would show). */
  counts: FleetCounts;
  /** Rows every filter keeps. */
  matching: number;
  /** The page shown (the last when the one asked for is past it) and how many there are (at least 1). */
  page: number;
  pageCount: number;
  /** Set when the page asked for is past the last. */
  pastLastPage: boolean;
  /** Every tag in the fleet, for the tag filter. */
  tags: string[];
}

export function selectFleetPage(rows: readonly FleetRow[], query: FleetQuery, pageSize = FLEET_PAGE_SIZE): FleetPage {
  const kept = rows.filter(
    (row) => (!query.name || row.name.includes(query.name)) && (!query.tag || row.tags.includes(query.tag)),
  );
  const counts = Object.fromEntries(
    FLEET_FILTERS.map((filter) => [filter, kept.filter((row) => matchesState(row, filter)).length]),
  ) as FleetCounts;
  const matching = sortFleetRows(
    kept.filter((row) => matchesState(row, query.state)),
    query.sort,
    query.direction,
  );
  const pageCount = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(query.page, pageCount);
  return {
    rows: matching.slice((page - 1) * pageSize, page * pageSize),
    counts,
    matching: matching.length,
    page,
    pageCount,
    pastLastPage: query.page > pageCount,
    tags: [...new Set(rows.flatMap((row) => row.tags))].sort(),
  };
}
