/**
 * The Activity and History pages' sections of the workload history: each loaded on its own and settled
 * (lib/monitoring/sections.ts), so a failing read shows in its section and the rest of the page still renders.
 */
import 'server-only';
import { loadSection, type Section } from '../../monitoring/sections';
import { windowKey, type TimeWindow } from '../window';
import { listLockWaitEpisodes, type EpisodeCursor, type LockWaitEpisodePage } from './lock-wait-history';
import type { WaitClassSeries } from './wait-class-series';
import { getWaitClassDrillDown, getWaitClassSeries, type WaitClassDrillDown } from './wait-history';

export function loadWaitClassSeries(target: string, window: TimeWindow): Promise<Section<WaitClassSeries>> {
  return loadSection(`workload:wait-classes:${target}:${windowKey(window)}`, () => getWaitClassSeries(target, window));
}

/** The class drilled into with its section: the page names the class even when its section failed. */
export interface WaitClassDrillDownSection {
  waitClass: string;
  section: Section<WaitClassDrillDown>;
}

export async function loadWaitClassDrillDown(
  target: string,
  window: TimeWindow,
  waitClass: string,
): Promise<WaitClassDrillDownSection> {
  const section = await loadSection(`workload:wait-class:${target}:${windowKey(window)}:${waitClass}`, () =>
    getWaitClassDrillDown(target, window, waitClass),
  );
  return { waitClass, section };
}

export function loadLockWaitEpisodes(
  target: string,
  window: TimeWindow,
  cursor: EpisodeCursor | null,
): Promise<Section<LockWaitEpisodePage>> {
  const page = cursor ? `${cursor.firstSeen.toISOString()}_${cursor.id}` : 'first';
  return loadSection(`workload:lock-waits:${target}:${windowKey(window)}:${page}`, () =>
    listLockWaitEpisodes(target, window, cursor),
  );
}
