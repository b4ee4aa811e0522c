'use client';
/**
 * The rule: a panel that shows live figures polls its read action through this hook, and renders <LiveToolbar> when
 * the user may pause it. The action's ActionResult is unwrapped here (a refusal becomes the query's error), so a
 * panel renders pending → error → data and never handles `ok` itself. The interval may depend on the data (the
 * Backups page polls faster while something runs).
 */
import { useQuery, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { unwrapResult } from './unwrap-result';

export interface LiveReportOptions<T> {
  queryKey: QueryKey;
  /** The read action, called with what the panel shows (target, threshold…) already bound. */
  load: () => Promise<ActionResult<T>>;
  refreshMs: number | ((data: T | undefined) => number);
  /** What the server rendered, so the first paint needs no round trip. */
  initialData?: T;
}

export function useLiveReport<T>({ queryKey, load, refreshMs, initialData }: LiveReportOptions<T>) {
  const [paused, setPaused] = useState(false);
  const query = useQuery({
    queryKey,
    queryFn: async () => unwrapResult(await load()),
    initialData,
    // Paused means paused: not even a return to the tab refetches.
    refetchOnWindowFocus: !paused,
    refetchInterval: (current) =>
      paused ? false : typeof refreshMs === 'number' ? refreshMs : refreshMs(current.state.data),
  });
  return {
    query,
    paused,
    togglePaused: () => setPaused(!paused),
    refresh: () => void query.refetch(),
    /** The interval while not paused, for the toolbar's text (a data-dependent interval reads the latest data). */
    refreshMs: typeof refreshMs === 'number' ? refreshMs : refreshMs(query.data),
    /** When the shown data arrived (null before the first answer). */
    updatedAt: query.dataUpdatedAt ? new Date(query.dataUpdatedAt) : null,
  };
}

export type LiveReport<T> = ReturnType<typeof useLiveReport<T>>;
