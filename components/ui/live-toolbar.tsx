'use client';
import type { ReactNode } from 'react';
import type { LiveReport } from '@/lib/client/use-live-report';
import { formatTimestamp } from '@/lib/format';

/**
 * The controls of a polled panel (lib/client/use-live-report.ts): whether and how often it refreshes, when it last
 * did, a failed refresh (the figures shown stay), pause/resume and refresh now. `children` says what the figures
 * are (the overview's sample time) before the refresh state.
 */
export function LiveToolbar<T>({ live, children }: { live: LiveReport<T>; children?: ReactNode }) {
  const { query, paused, togglePaused, refresh, refreshMs, updatedAt } = live;
  return (
    <div className="toolbar">
      <span>
        {children}
        {children ? ' · ' : null}
        {paused ? 'Paused' : `Refreshing every ${refreshMs / 1000} s`}
        {updatedAt && ` · updated ${formatTimestamp(updatedAt)}`}
      </span>
      {query.isError && <span className="status-bad">Last refresh failed: {query.error.message}</span>}
      <button type="button" onClick={togglePaused} aria-pressed={paused}>
        {paused ? 'Resume auto-refresh' : 'Pause auto-refresh'}
      </button>
      <button type="button" onClick={refresh} disabled={query.isFetching}>
        Refresh now
      </button>
    </div>
  );
}
