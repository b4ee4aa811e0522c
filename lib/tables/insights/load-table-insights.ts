/**
 * The insights of one of the six tables, for its Insights page. Time series and totals come from the rollups in
 * the console store (./rollups/figures.ts): no viewer reads the application tables for them, whatever their size. What
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
import { addDays } from './rollups/naive-time';
import {
  getCacheSizeByTarget,
  getCacheSplitAround,
  getGenerationByChannelAndDay,
  getOperationsByDay,
  getQualityDistribution,
  getQueueByDay,
  countRowsInRange,
  getRecountTimes,
  countByStatus,
  findTopKeys,
  getVariantStats,
} from './rollups/figures';
import { getRollupStatus, type RollupStatus } from './rollups/get-rollup-status';
import { findFailed, findOverduePending } from './scheduled-content';
import { parseInsightsRange, type InsightsRange } from './time-range';
import { listSegments } from './user-segments';

/** The queue chart's days ahead stop at the calendar's end (a range may end on 9999-12-31). */
const LAST_QUEUE_DAY = '9999-12-17';

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
      generation: Loaded<typeof getGenerationByChannelAndDay>;
      quality: Loaded<typeof getQualityDistribution>;
    }
  | {
      table: 'scheduled_content';
      statuses: Loaded<typeof countByStatus>;
      queue: Loaded<typeof getQueueByDay>;
      recounted: Loaded<typeof getRecountTimes>;
      overdue: Loaded<typeof findOverduePending>;
      failed: Loaded<typeof findFailed>;
    }
  | {
      table: 'cache_metadata';
      states: Section<CacheStates>;
      targets: Loaded<typeof getCacheSizeByTarget>;
      top: Section<(Awaited<ReturnType<typeof findTopKeys>>[number] & { expired: boolean })[]>;
      expiring: Loaded<typeof getExpiringSoon>;
      recounted: Loaded<typeof getRecountTimes>;
    }
  | { table: 'user_segments'; segments: Loaded<typeof listSegments> }
  | { table: 'content_audit'; total: Section<number>; operations: Loaded<typeof getOperationsByDay> };

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
  const rollups = rollupTable ? await settleSection(() => getRollupStatus(rollupTable)) : null;
  const today = (rollups?.ok ? rollups.data.today : null) ?? localToday();
  const { range, error: rangeError } = parseInsightsRange(params, today);
  const days = { from: range.from, to: range.to };
  const key = (name: string) => `${name}:${range.from}:${range.to}`;
  const total = (name: Extract<RollupTableName, 'content_audit' | 'content_metrics' | 'ab_test_results'>) =>
    fromRollups(key(`total:${name}`), () => countRowsInRange(name, days));
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
        fromRollups(key('ab'), async () => compareToControl(await getVariantStats(days))),
      ]);
      return { table, total: rangeTotal, comparison };
    }
    case 'content_metrics': {
      const [rangeTotal, generation, quality] = await Promise.all([
        total(table),
        fromRollups(key('generation'), () => getGenerationByChannelAndDay(days)),
        fromRollups(key('quality'), () => getQualityDistribution(days)),
      ]);
      return { table, total: rangeTotal, generation, quality };
    }
    case 'scheduled_content': {
      const ahead = { from: days.from, to: days.to >= LAST_QUEUE_DAY ? days.to : addDays(days.to, QUEUE_DAYS_AHEAD) };
      const [statuses, queue, recounted, overdue, failed] = await Promise.all([
        fromRollups('status', countByStatus),
        fromRollups(key('queue'), () => getQueueByDay(ahead)),
        fromRollups('recounted:scheduled_content', () => getRecountTimes('scheduled_content')),
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
        fromRollups(key('operations'), () => getOperationsByDay(days)),
      ]);
      return { table, total: rangeTotal, operations };
    }
  }
}

/**
 * The cache: per expiry slot from the rollups, except this hour's, which is split at now by a live range scan of its
 * entries (an entry of this hour is live until its own minute passes).
 */
async function loadCacheSections(): Promise<Extract<TableInsightsData, { table: 'cache_metadata' }>> {
  const [thisHour, targets, top, expiring, recounted] = await Promise.all([
    loadTableSection('insights:cache-this-hour', getThisHourExpirySplit),
    fromRollups('cache-targets', getCacheSizeByTarget),
    fromRollups('cache-top', () => findTopKeys()),
    loadTableSection('insights:cache-expiring', () => getExpiringSoon()),
    fromRollups('recounted:cache_metadata', () => getRecountTimes('cache_metadata')),
  ]);
  const others = thisHour.ok
    ? await fromRollups(`cache-split:${thisHour.data.from}`, () => getCacheSplitAround(thisHour.data.from))
    : thisHour;
  const states = combine(others, thisHour, cacheStates);
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

/** Live against expired: the other hours' slots from the rollups, this hour split at now by its live read. */
function cacheStates(others: Awaited<ReturnType<typeof getCacheSplitAround>>, split: ExpiryWindow): CacheStates {
  const sum = (pick: (row: ExpiryWindow['targets'][number]) => number) =>
    split.targets.reduce((total, row) => total + pick(row), 0);
  return {
    now: split.now,
    states: [
      {
        state: 'live',
        entries: others.liveEntries + sum((row) => row.liveEntries),
        bytes: others.liveBytes + sum((row) => row.liveBytes),
      },
      {
        state: 'expired',
        entries: others.expiredEntries + sum((row) => row.expiredEntries),
        bytes: others.expiredBytes + sum((row) => row.expiredBytes),
      },
    ],
  };
}
