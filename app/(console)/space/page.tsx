import Link from 'next/link';
import { z } from 'zod';
import { HistoryCharts } from '@/components/history/history-charts';
import { ReportSection } from '@/components/reports/report-section';
import { DataTable } from '@/components/ui/data-table';
import { requirePageRole } from '@/lib/auth/session';
import { formatBytes, formatCount } from '@/lib/format';
import { loadHistory } from '@/lib/monitoring/load-history';
import { loadSection } from '@/lib/monitoring/sections';
import {
  getDatabaseSize,
  listIndexSizes,
  listTableSizes,
  TABLE_SIZE_ORDER,
  type TableSize,
  type TableSizeOrder,
} from '@/lib/pg/space';
import { onSelectedTarget } from '@/lib/targets/selection';

export const metadata = { title: 'Space · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const sortSchema = z.enum(Object.keys(TABLE_SIZE_ORDER) as [TableSizeOrder, ...TableSizeOrder[]]).catch('total');
const COLUMNS: { key: TableSizeOrder; label: string; cell: (row: TableSize) => string }[] = [
  { key: 'name', label: 'Table', cell: (row) => `${row.schema}.${row.table}` },
  { key: 'total', label: 'Total', cell: (row) => formatBytes(row.totalBytes) },
  { key: 'heap', label: 'Heap', cell: (row) => formatBytes(row.heapBytes) },
  { key: 'index', label: 'Indexes', cell: (row) => formatBytes(row.indexBytes) },
  { key: 'toast', label: 'TOAST', cell: (row) => formatBytes(row.toastBytes) },
  { key: 'rows', label: 'Rows (estimate)', cell: (row) => formatCount(row.estimatedRows) },
];

export default async function SpacePage({ searchParams }: { searchParams: Promise<{ sort?: string }> }) {
  await requirePageRole('viewer');
  const sort = sortSchema.parse((await searchParams).sort);
  const [database, tables, indexes, history] = await onSelectedTarget(() =>
    Promise.all([
      loadSection('space:database', getDatabaseSize),
      loadSection(`space:tables:${sort}`, () => listTableSizes(sort)),
      loadSection('space:indexes', () => listIndexSizes()),
      loadHistory('7d'),
    ]),
  );
  return (
    <>
      <h1>Space</h1>
      <ReportSection id="database" title="Database size" section={database}>
        {(db) => (
          <p>
            <span className="stat-value" data-testid="space-database-size">
              {formatBytes(db.sizeBytes)}
            </span>{' '}
            <span className="stat-detail">
              {db.name}, {formatCount(db.sizeBytes)} bytes
            </span>
          </p>
        )}
      </ReportSection>
      <ReportSection
        id="tables"
        title="Tables"
        description="Every table (up to 500), with heap, index and TOAST sizes. Choose a column heading to sort."
        section={tables}
        isEmpty={(rows) => rows.length === 0}
      >
        {(rows) => (
          <DataTable
            testId="table-sizes"
            rows={rows}
            rowKey={(row) => `${row.schema}.${row.table}`}
            columns={COLUMNS.map((column) => ({
              header: <Link href={`/space?sort=${column.key}`}>{column.label}</Link>,
              numeric: column.key !== 'name',
              sort: column.key === sort ? (sort === 'name' ? 'ascending' : 'descending') : undefined,
              cell: column.cell,
            }))}
          />
        )}
      </ReportSection>
      <ReportSection
        id="indexes"
        title="Indexes"
        description="Largest first (up to 500)."
        section={indexes}
        isEmpty={(rows) => rows.length === 0}
      >
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(row) => `${row.schema}.${row.index}`}
            columns={[
              { header: 'Index', cell: (row) => row.index },
              { header: 'Table', cell: (row) => `${row.schema}.${row.table}` },
              { header: 'Size', numeric: true, cell: (row) => formatBytes(row.sizeBytes) },
            ]}
          />
        )}
      </ReportSection>
      <ReportSection
        id="growth"
        title="Growth over the last 7 days"
        description="Database size from the sampler's history."
        section={history}
        isEmpty={(points) => points.length === 0}
        empty="No samples yet."
      >
        {(points) => <HistoryCharts points={points} only={['database-size']} />}
      </ReportSection>
    </>
  );
}
