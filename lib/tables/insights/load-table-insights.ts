/**
 * The insights of one of the six tables, for its Insights page. Time series and totals come from the rollups in
 * the console store (./rollups/read.ts): no viewer reads the application tables for them, whatever their size. What
 * must stay live — the queue's overdue and failed items, the cache entries expiring now and this hour's split, the
 * segments — is read on the routed target (TABLE_READS_FROM) by bounded index range scans, cached and settled on
 * its own (lib/tables/read-route.ts), so one that fails shows its reason while the others still show.
 */
import 'server-only';
import { loadSection, settleSection, type Section } from '../../monitoring/sections';
import { loadTableSection } from '../read-route';
import type { TableName } from '../registry';
import type { SearchParams } from '../view-state';
import { compareToControl } from './ab-tests';
import { getExpiringSoon, getThisHourExpirySplit, type ExpiryWindow } from './cache-metadata';
import { findRollupSource, QUEUE_DAYS_AHEAD, type RollupTableName } from './rollups/definitions';
import { addDays, sliceStart } from './rollups/naive-time';
import {
  readCacheByHour,
  readGenerationByChannelAndDay,
  readOperationsByDay,
  readQualityDistribution,
  readQueueByDay,
  readRangeTotal,
  readRecountTimes,
  readStatusTotals,
  readTopKeys,
  readVariantStats,
} from './rollups/read';
import { readRollupStatus, type RollupStatus } from './rollups/status';
import { findFailed, findOverduePending } from './scheduled-content';
import { parseInsightsRange, type InsightsRange } from './time-range';
import { listSegments } from './user-segments';

type Loaded<F extends (...args: never[]) => Promise<unknown>> = Section<Awaited<ReturnType<F>>>;

export interface CacheStates {
  /** Entries and bytes whose expires_at has passed (expired) or not (live), at `now` (server time). */
  states: { state: 'live' | 'expired'; entries: number; bytes: number }[];
  now: string;
}

export type TableInsightsData =
  | {
      table: 'ab_test_results';
      total: Section<number>;
      comparison: Section<ReturnType<typeof compareToControl>>;
    }
  | {
      table: 'content_metrics';
      total: Section<number>;
      generation: Loaded<typeof readGenerationByChannelAndDay>;
      quality: Loaded<typeof readQualityDistribution>;
    }
  | {
      table: 'scheduled_content';
      statuses: Loaded<typeof readStatusTotals>;
      queue: Loaded<typeof readQueueByDay>;
      recounted: Loaded<typeof readRecountTimes>;
      overdue: Loaded<typeof findOverduePending>;
      failed: Loaded<typeof findFailed>;
    }
  | {
      table: 'cache_metadata';
      states: Section<CacheStates>;
      targets: Section<TargetSize[]>;
      top: Section<(Awaited<ReturnType<typeof readTopKeys>>[number] & { expired: boolean })[]>;
      expiring: Loaded<typeof getExpiringSoon>;
      recounted: Loaded<typeof readRecountTimes>;
    }
  | { table: 'user_segments'; segments: Loaded<typeof listSegments> }
  | { table: 'content_audit'; total: Section<number>; operations: Loaded<typeof readOperationsByDay> };

export interface TableInsightsPage {
  range: InsightsRange;
  /** What is wrong with the range in the URL (the default range is shown instead). */
  rangeError: string | null;
  /** How far the table's rollups are; null for a table without rollups (user_segments). */
  rollups: Section<RollupStatus> | null;
  insights: TableInsightsData;
}

/** The console's own local date, until the first cycle has read the watched server's. */
function localToday(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** A section of the rollups, from the console store, shared by concurrent viewers. */
function fromRollups<T>(key: string, load: () => Promise<T>): Promise<Section<T>> {
  return loadSection(`insights-rollups:${key}`, load);
}

export async function loadTableInsights(table: TableName, params: SearchParams = {}): Promise<TableInsightsPage> {
  const rollupTable = findRollupSource(table)?.table;
  const rollups = rollupTable ? await settleSection(() => readRollupStatus(rollupTable)) : null;
  const today = (rollups?.ok ? rollups.data.today : null) ?? localToday();
  const { range, error: rangeError } = parseInsightsRange(params, today);
  const days = { from: range.from, to: range.to };
  const key = (name: string) => `${name}:${range.from}:${range.to}`;
  const total = (name: Extract<RollupTableName, 'content_audit' | 'content_metrics' | 'ab_test_results'>) =>
    fromRollups(key(`total:${name}`), () => readRangeTotal(name, days));
  return { range, rangeError, rollups, insights: await loadSections(table, days, key, total) };
}

async function loadSections(
  table: TableName,
  days: { from: string; to: string },
  key: (name: string) => string,
  total: (name: 'content_audit' | 'content_metrics' | 'ab_test_results') => Promise<Section<number>>,
): Promise<TableInsightsData> {
  switch (table) {
    case 'ab_test_results': {
      const [rangeTotal, comparison] = await Promise.all([
        total(table),
        fromRollups(key('ab'), async () => compareToControl(await readVariantStats(days))),
      ]);
      return { table, total: rangeTotal, comparison };
    }
    case 'content_metrics': {
      const [rangeTotal, generation, quality] = await Promise.all([
        total(table),
        fromRollups(key('generation'), () => readGenerationByChannelAndDay(days)),
        fromRollups(key('quality'), () => readQualityDistribution(days)),
      ]);
      return { table, total: rangeTotal, generation, quality };
    }
    case 'scheduled_content': {
      const ahead = { from: days.from, to: addDays(days.to, QUEUE_DAYS_AHEAD) };
      const [statuses, queue, recounted, overdue, failed] = await Promise.all([
        fromRollups('status', readStatusTotals),
        fromRollups(key('queue'), () => readQueueByDay(ahead)),
        fromRollups('recounted:scheduled_content', () => readRecountTimes('scheduled_content')),
        loadTableSection('insights:overdue', () => findOverduePending()),
        loadTableSection('insights:failed', () => findFailed()),
      ]);
      return { table, statuses, queue, recounted, overdue, failed };
    }
    case 'cache_metadata':
      return loadCacheSections();
    case 'user_segments':
      return { table, segments: await loadTableSection('insights:segments', () => listSegments()) };
    case 'content_audit': {
      const [rangeTotal, operations] = await Promise.all([
        total(table),
        fromRollups(key('operations'), () => readOperationsByDay(days)),
      ]);
      return { table, total: rangeTotal, operations };
    }
  }
}

/**
 * The cache: per expiry hour from the rollups, except this hour, which is split at now by a live range scan of its
 * entries (an entry of this hour is live until its own minute passes).
 */
async function loadCacheSections(): Promise<Extract<TableInsightsData, { table: 'cache_metadata' }>> {
  const [byHour, thisHour, top, expiring, recounted] = await Promise.all([
    fromRollups('cache-hours', readCacheByHour),
    loadTableSection('insights:cache-this-hour', getThisHourExpirySplit),
    fromRollups('cache-top', () => readTopKeys()),
    loadTableSection('insights:cache-expiring', () => getExpiringSoon()),
    fromRollups('recounted:cache_metadata', () => readRecountTimes('cache_metadata')),
  ]);
  const states = combine(byHour, thisHour, cacheStates);
  const targets: Section<TargetSize[]> = byHour.ok ? { ...byHour, data: sizeByTarget(byHour.data) } : byHour;
  const topWithState = combine(top, thisHour, (keys, split) =>
    keys.map((entry) => ({ ...entry, expired: entry.expiresAt <= split.now })),
  );
  return { table: 'cache_metadata', states, targets, top: topWithState, expiring, recounted };
}

function combine<A, B, T>(a: Section<A>, b: Section<B>, join: (a: A, b: B) => T): Section<T> {
  if (!a.ok) return a;
  if (!b.ok) return b;
  return { ok: true, data: join(a.data, b.data), at: a.at };
}

type CacheHour = Awaited<ReturnType<typeof readCacheByHour>>[number];
type TargetSize = { target: string; entries: number; bytes: number };

function cacheStates(hours: readonly CacheHour[], split: ExpiryWindow): CacheStates {
  // 'YYYY-MM-DD HH' of each stored hour against this hour's (split.from is its start).
  const thisHour = split.from.slice(0, 13);
  const hourOf = (row: CacheHour) => sliceStart(row).slice(0, 13);
  const total = (rows: readonly { entries: number; bytes: number }[]) => ({
    entries: rows.reduce((sum, row) => sum + row.entries, 0),
    bytes: rows.reduce((sum, row) => sum + row.bytes, 0),
  });
  const before = total(hours.filter((row) => hourOf(row) < thisHour));
  const after = total(hours.filter((row) => hourOf(row) > thisHour));
  const nowExpired = total(split.targets.map((row) => ({ entries: row.expiredEntries, bytes: row.expiredBytes })));
  const nowLive = total(split.targets.map((row) => ({ entries: row.liveEntries, bytes: row.liveBytes })));
  return {
    now: split.now,
    states: [
      { state: 'live', entries: after.entries + nowLive.entries, bytes: after.bytes + nowLive.bytes },
      { state: 'expired', entries: before.entries + nowExpired.entries, bytes: before.bytes + nowExpired.bytes },
    ],
  };
}

function sizeByTarget(hours: readonly CacheHour[]): TargetSize[] {
  const targets = new Map<string, TargetSize>();
  for (const row of hours) {
    const entry = targets.get(row.target) ?? { target: row.target, entries: 0, bytes: 0 };
    entry.entries += row.entries;
    entry.bytes += row.bytes;
    targets.set(row.target, entry);
  }
  return [...targets.values()].sort((a, b) => b.bytes - a.bytes || a.target.localeCompare(b.target));
}
