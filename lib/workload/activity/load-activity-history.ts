/**
 * The Activity and History pages' sections of the workload history: each loaded on its own and settled
 * (lib/monitoring/sections.ts), so a failing read shows in its section and the rest of the page still renders.
 */
import 'server-only';
import type { HistoryRange } from '../../monitoring/history';
import { loadSection, type Section } from '../../monitoring/sections';
import { listLockWaitEpisodes, type EpisodeCursor, type LockWaitEpisodePage } from './lock-wait-history';
import type { WaitClassSeries } from './wait-class-series';
import { getWaitClassDrillDown, getWaitClassSeries, type WaitClassDrillDown } from './wait-history';

export function loadWaitClassSeries(target: string, range: HistoryRange): Promise<Section<WaitClassSeries>> {
  return loadSection(`workload:wait-classes:${target}:${range}`, () => getWaitClassSeries(target, range));
}

export function loadWaitClassDrillDown(
  target: string,
  range: HistoryRange,
  waitClass: string,
): Promise<Section<WaitClassDrillDown>> {
  return loadSection(`workload:wait-class:${target}:${range}:${waitClass}`, () =>
    getWaitClassDrillDown(target, range, waitClass),
  );
}

export function loadLockWaitEpisodes(
  target: string,
  range: HistoryRange,
  cursor: EpisodeCursor | null,
): Promise<Section<LockWaitEpisodePage>> {
  const page = cursor ? `${cursor.firstSeen.toISOString()}_${cursor.id}` : 'first';
  return loadSection(`workload:lock-waits:${target}:${range}:${page}`, () =>
    listLockWaitEpisodes(target, range, cursor),
  );
}
