import 'server-only';
import { activeTargetName } from '../pg/client';
import { findSamplesSince } from '../sampler/store';
import { HISTORY_RANGES, toHistoryPoints, type HistoryPoint, type HistoryRange } from './history';
import { loadSection, type Section } from './sections';

/** History points of a range for the active target, from the sampler's samples (never from its statistics). */
export function loadHistory(range: HistoryRange): Promise<Section<HistoryPoint[]>> {
  return loadSection(`history:${range}`, async () =>
    toHistoryPoints(await findSamplesSince(new Date(Date.now() - HISTORY_RANGES[range]), 300, activeTargetName())),
  );
}
