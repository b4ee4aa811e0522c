'use client';
import type { UseQueryResult } from '@tanstack/react-query';

/**
 * What a polled panel shows before it has any data (lib/client/use-live-report.ts): "loading", or why its first
 * load failed with a retry. Once data has arrived a failed refresh keeps it on screen and LiveToolbar says so.
 */
export function LiveReportFallback({
  query,
  loading,
  failure,
}: {
  query: UseQueryResult<unknown, Error>;
  /** "Loading activity…" */
  loading: string;
  /** "Activity could not be loaded" */
  failure: string;
}) {
  if (!query.isError) return <p role="status">{loading}</p>;
  return (
    <div className="notice error" role="alert">
      {failure}: {query.error.message}{' '}
      <button type="button" onClick={() => query.refetch()}>
        Retry
      </button>
    </div>
  );
}
