/**
 * The alert history the overview shows: from the console store; while it is unreachable, the last history read
 * with this process's sampler's episodes over it (lib/alerts/book.ts) — so a PostgreSQLDown raised during the
 * outage is on the page before the store can record it.
 */
import 'server-only';
import { processSamplerState } from '../sampler/sampler-state';
import { readKnown } from '../store/last-known';
import { findRecentAlertEpisodes, toAlertEpisode, type AlertEpisode } from './store';

export interface AlertHistory {
  episodes: AlertEpisode[];
  /** False while the console store cannot be read: then the last history read, with the sampler's over it. */
  current: boolean;
  /** When that history was read; null if it never was since this process started. */
  storedAsOf: Date | null;
}

const HISTORY_TTL_MS = 2_000;

/** The store's order: pending first (not fired yet), then by when they fired, newest first. */
function byStoreOrder(a: AlertEpisode, b: AlertEpisode): number {
  if ((a.firedAt === null) !== (b.firedAt === null)) return a.firedAt === null ? -1 : 1;
  return (b.firedAt ?? b.startedAt).localeCompare(a.firedAt ?? a.startedAt);
}

function bookEpisodes(): AlertEpisode[] {
  return processSamplerState()
    .book.all()
    .map((episode) =>
      toAlertEpisode({
        ...episode,
        id: episode.storedId === null ? `unsaved-${episode.localId}` : String(episode.storedId),
      }),
    );
}

export async function getAlertHistory(limit = 50): Promise<AlertHistory> {
  let stored: { value: AlertEpisode[]; at: Date; stale: boolean } | null;
  try {
    stored = await readKnown(`alerts:history:${limit}`, HISTORY_TTL_MS, () => findRecentAlertEpisodes(limit));
  } catch (error) {
    // Never read since this process started: only what its own sampler knows, if it samples.
    if (processSamplerState().live.lastRoundAt() === null) throw error;
    stored = null;
  }
  if (stored && !stored.stale) return { episodes: stored.value, current: true, storedAsOf: stored.at };
  const fromBook = bookEpisodes();
  const replaced = new Set(fromBook.map((episode) => episode.id));
  const episodes = [...fromBook, ...(stored?.value ?? []).filter((episode) => !replaced.has(episode.id))]
    .sort(byStoreOrder)
    .slice(0, limit);
  return { episodes, current: false, storedAsOf: stored?.at ?? null };
}
