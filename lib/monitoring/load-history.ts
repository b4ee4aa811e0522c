import 'server-only';
import { activeTargetName } from '../pg/client';
import { findSamplesBetween } from '../sampler/store';
import { parseWindow, windowKey, type TimeWindow } from '../workload/window';
import { toHistoryPoints, type HistoryPoint, type HistoryRange } from './history';
import { loadSection, type Section } from './sections';

/**
 * History points of a window for the active target, from the sampler's samples (never from its statistics). A preset
 * (Space's week) is the window ending now.
 */
export function loadHistory(span: HistoryRange | TimeWindow): Promise<Section<HistoryPoint[]>> {
  const window = typeof span === 'string' ? parseWindow({ range: span }).window : span;
  return loadSection(`history:${windowKey(window)}`, async () =>
    toHistoryPoints(await findSamplesBetween(window.from, window.to, 300, activeTargetName())),
  );
}
