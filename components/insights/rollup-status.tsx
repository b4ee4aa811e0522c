import { formatClock, formatCount } from '@/lib/format';
import type { Section } from '@/lib/monitoring/sections';
import type { RollupStatus } from '@/lib/tables/insights/rollups/get-rollup-status';
import { SectionFailure } from '../reports/section-failure';
import { AutoRefresh } from '../ui/auto-refresh';
import { RollupControls } from './rollup-controls';

/**
 * Where a table's insights stand (lib/tables/insights/rollups/get-rollup-status.ts): building with its progress, current as of
 * the last cycle, stopped, or failing with the reason and since when. While building or waiting the page refreshes
 * itself, which reads only the console store.
 */
export function RollupStatusBanner({
  status,
  intervalSeconds,
  canWrite,
}: {
  /** null: the table has no rollups (its page is read live, bounded). */
  status: Section<RollupStatus> | null;
  intervalSeconds: number;
  canWrite: boolean;
}) {
  if (status === null)
    return (
      <p className="stat-detail" data-testid="insights-status" data-state="live">
        Read live at each view, bounded by the primary key (no time series to roll up).
      </p>
    );
  if (!status.ok)
    return (
      <div data-testid="insights-status" data-state="failing">
        <SectionFailure failure={status} />
      </div>
    );
  const { state, source, rowsDone, rowsEstimate, daysLeft, table, warning } = status.data;
  const asOf = source?.lastCycleAt ? `as of ${formatClock(source.lastCycleAt)}` : 'not built yet';
  const from = source?.sourceTarget ? ` from ${source.sourceTarget}` : '';
  return (
    <div
      className={`notice ${state === 'failing' ? 'error' : state === 'current' ? 'ok' : ''}`}
      data-testid="insights-status"
      data-state={state}
    >
      {state === 'waiting' && <p>Insights are being prepared: the first cycle runs within {intervalSeconds} s.</p>}
      {state === 'building' && (
        <>
          <p>
            Building insights: {formatCount(rowsDone)} of{' '}
            {rowsEstimate === null ? 'an unknown number of' : `about ${formatCount(Math.max(rowsDone, rowsEstimate))}`}{' '}
            rows
            {daysLeft > 0 ? `, ${formatCount(daysLeft)} day${daysLeft === 1 ? '' : 's'} to go` : ''}. The figures below
            cover the days built so far
            {from ? ` (read${from})` : ''}.
          </p>
          {rowsEstimate !== null && rowsEstimate > 0 && (
            <progress
              value={Math.min(rowsDone, rowsEstimate)}
              max={Math.max(rowsDone, rowsEstimate)}
              aria-label="Insights build progress"
            />
          )}
        </>
      )}
      {state === 'current' && (
        <p>
          Insights {asOf}, kept current every {intervalSeconds} s{from} without reading the whole table.
        </p>
      )}
      {state === 'stopped' && (
        <p>
          Insights stopped by {source?.stoppedBy ?? 'an operator'}
          {source?.stoppedAt ? ` at ${formatClock(source.stoppedAt)}` : ''}: nothing is read from {table} until they are
          resumed; the figures are {asOf}.
        </p>
      )}
      {state === 'failing' && (
        <p role="alert">
          Insights are not updating since {source?.failingSince ? formatClock(source.failingSince) : 'the last cycle'}:{' '}
          {source?.lastError ?? 'unknown error'}. The figures are {asOf}.
        </p>
      )}
      {state === 'stale' && (
        <p role="alert">
          Insights are not updating: the last cycle was at {source?.lastCycleAt ? formatClock(source.lastCycleAt) : '—'}
          , and one runs every {intervalSeconds} s. The console process that leads them may be down or unable to reach
          the console database; the figures are {asOf}.
        </p>
      )}
      {warning && state !== 'failing' && <p>{warning}.</p>}
      {canWrite && state !== 'waiting' && <RollupControls table={table} stopped={state === 'stopped'} />}
      {(state === 'building' || state === 'waiting') && <AutoRefresh seconds={Math.max(5, intervalSeconds)} />}
    </div>
  );
}
