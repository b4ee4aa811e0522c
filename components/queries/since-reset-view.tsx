import Link from 'next/link';
import { ExplainButton } from '@/components/queries/explain-button';
import { ReportSection } from '@/components/reports/report-section';
import { QueryText } from '@/components/reports/query-text';
import { DataTable } from '@/components/ui/data-table';
import { formatCount, formatPercent } from '@/lib/format';
import type { Section } from '@/lib/monitoring/sections';
import type { StatementOrder, StatementStats } from '@/lib/pg/statements';

const ORDER_LABELS: Record<StatementOrder, string> = { total: 'Total time', mean: 'Mean time', calls: 'Calls' };

/** pg_stat_statements as it stands: cumulative since its last reset. */
export function SinceResetView({
  target,
  order,
  top,
  slowMs,
  canExplain,
}: {
  target: string;
  order: StatementOrder;
  top: Section<StatementStats[]>;
  slowMs: number;
  canExplain: boolean;
}) {
  return (
    <>
      <nav className="tabs" aria-label="Order statements by">
        {(Object.keys(ORDER_LABELS) as StatementOrder[]).map((key) => (
          <Link key={key} href={`/queries?view=reset&order=${key}`} aria-current={key === order ? 'page' : undefined}>
            {ORDER_LABELS[key]}
          </Link>
        ))}
      </nav>
      <ReportSection
        id="top"
        title={`Top statements by ${ORDER_LABELS[order].toLowerCase()} since the last reset`}
        section={top}
        isEmpty={(rows) => rows.length === 0}
        empty="No statements recorded yet."
      >
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(row) => `${row.queryId}-${row.user}`}
            columns={[
              {
                header: 'Statement',
                cell: (row) => (
                  <>
                    <QueryText query={row.query} />
                    <span className="stat-detail">{row.user}</span>
                    <Link href={`/queries/${row.queryId}`}>History</Link>
                    {canExplain && <ExplainButton target={target} queryId={row.queryId} />}
                  </>
                ),
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
              { header: 'Cache hits', numeric: true, cell: (row) => formatPercent(row.cacheHitRatio, 1) },
              { header: 'Share of time', numeric: true, cell: (row) => formatPercent(row.shareOfTotal, 1) },
            ]}
          />
        )}
      </ReportSection>
    </>
  );
}
