import Link from 'next/link';
import { QueryText } from '@/components/reports/query-text';
import { DataTable } from '@/components/ui/data-table';
import { formatCount, formatPercent } from '@/lib/format';
import type { TimeShareSeries, WindowOrder, WindowRanking } from '@/lib/workload/statements/history';
import { Sparkline } from './sparkline';

export const WINDOW_ORDER_LABELS: Record<WindowOrder, string> = {
  total: 'Total time',
  mean: 'Mean time',
  calls: 'Calls',
  rows: 'Rows',
  io: 'I/O time',
  temp: 'Temp blocks',
};

/** The statements ranked within a window, each with its sparkline and a link to its own page. */
export function WindowStatements({
  ranking,
  sparklines,
  windowQuery,
  nextHref,
  slowMs,
}: {
  ranking: WindowRanking;
  sparklines: TimeShareSeries | null;
  windowQuery: string;
  nextHref: string | null;
  slowMs: number;
}) {
  const { rows, totals } = ranking;
  return (
    <>
      <p className="stat-detail" data-testid="window-totals">
        {formatCount(totals.statements)} statements ran in this window, {(totals.totalMs / 1000).toFixed(1)} s of
        execution in all.
      </p>
      <DataTable
        rows={rows}
        rowKey={(row) => row.queryId}
        testId="window-statements"
        rowProps={(row) => ({ 'data-queryid': row.queryId })}
        columns={[
          {
            header: 'Statement',
            cell: (row) => (
              <>
                <Link
                  href={`/queries/${row.queryId}?${windowQuery}`}
                  aria-label={`History of statement ${row.queryId}`}
                >
                  <QueryText query={row.query ?? `queryid ${row.queryId} (text not stored)`} />
                </Link>
                {row.users && <span className="stat-detail">{row.users}</span>}
              </>
            ),
          },
          {
            header: 'Time',
            cell: (row) =>
              sparklines?.series[row.queryId] ? (
                <Sparkline
                  values={sparklines.series[row.queryId]}
                  label={`Execution time of ${row.queryId} over the window`}
                />
              ) : null,
          },
          { header: 'Calls', numeric: true, cell: (row) => formatCount(row.calls) },
          { header: 'Total ms', numeric: true, cell: (row) => row.totalMs.toFixed(1) },
          {
            header: 'Mean ms',
            numeric: true,
            cell: (row) => row.meanMs.toFixed(2),
            tone: (row) => (row.meanMs > slowMs ? 'status-bad' : undefined),
          },
          { header: 'Rows', numeric: true, cell: (row) => formatCount(row.rows) },
          { header: 'I/O ms', numeric: true, cell: (row) => row.ioMs.toFixed(1) },
          { header: 'Temp blocks', numeric: true, cell: (row) => formatCount(row.tempBlks) },
          { header: 'Cache hits', numeric: true, cell: (row) => formatPercent(row.hitRatio, 1) },
          { header: 'Share of time', numeric: true, cell: (row) => formatPercent(row.share, 1) },
        ]}
      />
      {totals.othersMs > 0 && (
        <p className="stat-detail" data-testid="window-others">
          All other statements (outside the top of their interval): {formatCount(totals.othersCalls)} calls,{' '}
          {totals.othersMs.toFixed(1)} ms.
        </p>
      )}
      {nextHref && (
        <nav aria-label="Pages">
          <Link href={nextHref} rel="next">
            Next page
          </Link>
        </nav>
      )}
    </>
  );
}
