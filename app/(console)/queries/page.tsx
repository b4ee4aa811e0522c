import { QueryText } from '@/components/reports/query-text';
import Link from 'next/link';
import { z } from 'zod';
import { ExplainButton } from '@/components/queries/explain-button';
import { ResetStatementsButton } from '@/components/queries/reset-statements-button';
import { ReportSection } from '@/components/reports/report-section';
import { DataTable } from '@/components/ui/data-table';
import { mayChange, requirePageRole } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { formatCount, formatPercent } from '@/lib/format';
import { loadSection } from '@/lib/monitoring/sections';
import { countSlowStatements, listTopStatements, STATEMENT_ORDER, type StatementOrder } from '@/lib/pg/statements';
import { onSelectedTarget } from '@/lib/targets/selection';

export const metadata = { title: 'Queries · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const ORDER_LABELS: Record<StatementOrder, string> = { total: 'Total time', mean: 'Mean time', calls: 'Calls' };
const orderSchema = z.enum(Object.keys(STATEMENT_ORDER) as [StatementOrder, ...StatementOrder[]]).catch('total');

export default async function QueriesPage({ searchParams }: { searchParams: Promise<{ order?: string }> }) {
  const user = await requirePageRole('viewer');
  const order = orderSchema.parse((await searchParams).order);
  const env = getEnv();
  const [target, top, slow] = await onSelectedTarget(
    async (target) =>
      [
        target.name,
        ...(await Promise.all([
          loadSection(`statements:${order}`, () => listTopStatements(order)),
          loadSection(`statements:slow:${env.SLOW_QUERY_MS}`, () => countSlowStatements(env.SLOW_QUERY_MS)),
        ])),
      ] as const,
  );
  const canExplain = mayChange(user, 'operator');
  return (
    <>
      <h1>Queries</h1>
      <div className="toolbar">
        <span>From pg_stat_statements, this database only.</span>
        {mayChange(user, 'admin') && <ResetStatementsButton target={target} />}
      </div>
      <ReportSection
        id="slow"
        title="Slow queries"
        section={slow}
        description={`Statements whose mean time is above ${env.SLOW_QUERY_MS} ms (the guide's pg_slow_queries; alert above ${env.ALERT_SLOW_QUERIES}).`}
      >
        {(count) => (
          <p className="stat-value" data-testid="slow-query-count">
            {count}
          </p>
        )}
      </ReportSection>
      <nav className="tabs" aria-label="Order statements by">
        {(Object.keys(ORDER_LABELS) as StatementOrder[]).map((key) => (
          <Link key={key} href={`/queries?order=${key}`} aria-current={key === order ? 'page' : undefined}>
            {ORDER_LABELS[key]}
          </Link>
        ))}
      </nav>
      <ReportSection
        id="top"
        title={`Top statements by ${ORDER_LABELS[order].toLowerCase()}`}
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
                tone: (row) => (row.meanMs > env.SLOW_QUERY_MS ? 'status-bad' : undefined),
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
