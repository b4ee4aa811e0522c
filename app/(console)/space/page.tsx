import Link from 'next/link';
import { z } from 'zod';
import { HistoryCharts } from '@/components/history/history-charts';
import { ReportSection } from '@/components/reports/report-section';
import { requirePageRole } from '@/lib/auth/session';
import { formatBytes, formatCount } from '@/lib/format';
import { loadHistory } from '@/lib/monitoring/load-history';
import { loadSection } from '@/lib/monitoring/sections';
import { getDatabaseSize, listIndexSizes, listTableSizes, TABLE_SIZE_ORDER, type TableSizeOrder } from '@/lib/pg/space';

export const metadata = { title: 'Space · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const sortSchema = z.enum(Object.keys(TABLE_SIZE_ORDER) as [TableSizeOrder, ...TableSizeOrder[]]).catch('total');
const COLUMNS: { key: TableSizeOrder; label: string }[] = [
  { key: 'name', label: 'Table' },
  { key: 'total', label: 'Total' },
  { key: 'heap', label: 'Heap' },
  { key: 'index', label: 'Indexes' },
  { key: 'toast', label: 'TOAST' },
  { key: 'rows', label: 'Rows (estimate)' },
];

export default async function SpacePage({ searchParams }: { searchParams: Promise<{ sort?: string }> }) {
  await requirePageRole('viewer');
  const sort = sortSchema.parse((await searchParams).sort);
  const [database, tables, indexes, history] = await Promise.all([
    loadSection('space:database', getDatabaseSize),
    loadSection(`space:tables:${sort}`, () => listTableSizes(sort)),
    loadSection('space:indexes', () => listIndexSizes()),
    loadHistory('7d'),
  ]);
  return (
    <>
      <h1>Space</h1>
      <ReportSection id="database" title="Database size" section={database}>
        {(db) => (
          <p>
            <span className="stat-value" data-testid="space-database-size">
              {formatBytes(db.sizeBytes)}
            </span>{' '}
            <span className="stat-detail">{db.name}, {formatCount(db.sizeBytes)} bytes</span>
          </p>
        )}
      </ReportSection>
      <ReportSection id="tables" title="Tables" description="Every table (up to 500), with heap, index and TOAST sizes. Choose a column heading to sort." section={tables} isEmpty={(rows) => rows.length === 0}>
        {(rows) => (
          <div className="table-wrap" tabIndex={0}>
            <table data-testid="table-sizes">
              <thead>
                <tr>
                  {COLUMNS.map((column) => (
                    <th key={column.key} scope="col" className={column.key === 'name' ? undefined : 'num'} aria-sort={column.key === sort ? (sort === 'name' ? 'ascending' : 'descending') : undefined}>
                      <Link href={`/space?sort=${column.key}`}>{column.label}</Link>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.schema}.${row.table}`}>
                    <td>
                      {row.schema}.{row.table}
                    </td>
                    <td className="num">{formatBytes(row.totalBytes)}</td>
                    <td className="num">{formatBytes(row.heapBytes)}</td>
                    <td className="num">{formatBytes(row.indexBytes)}</td>
                    <td className="num">{formatBytes(row.toastBytes)}</td>
                    <td className="num">{formatCount(row.estimatedRows)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ReportSection>
      <ReportSection id="indexes" title="Indexes" description="Largest first (up to 500)." section={indexes} isEmpty={(rows) => rows.length === 0}>
        {(rows) => (
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Index</th>
                  <th scope="col">Table</th>
                  <th scope="col" className="num">Size</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.schema}.${row.index}`}>
                    <td>{row.index}</td>
                    <td>
                      {row.schema}.{row.table}
                    </td>
                    <td className="num">{formatBytes(row.sizeBytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ReportSection>
      <ReportSection id="growth" title="Growth over the last 7 days" description="Database size from the sampler's history." section={history} isEmpty={(points) => points.length === 0} empty="No samples yet.">
        {(points) => <HistoryCharts points={points} only={['database-size']} />}
      </ReportSection>
    </>
  );
}
