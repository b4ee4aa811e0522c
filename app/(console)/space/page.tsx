import Link from 'next/link';
import { HistoryCharts } from '@/components/history/history-charts';
import { ReportSection } from '@/components/reports/report-section';
import { MeasureNow } from '@/components/space/measure-now';
import { TableGrowthSection } from '@/components/space/table-growth-section';
import { DataTable } from '@/components/ui/data-table';
import { requirePageRole } from '@/lib/auth/session';
import { formatBytes, formatCount, formatDuration, formatTimestamp } from '@/lib/format';
import { loadHistory } from '@/lib/monitoring/load-history';
import { loadSpace } from '@/lib/space/load-space';
import { parseSpaceView, spaceHref, type SnapshotSort } from '@/lib/space/space-view';
import { onSelectedTarget } from '@/lib/targets/selection';
import { loadChangeMarkers } from '@/lib/workload/changes/timeline';
import type { StoredTableSize } from '@/lib/workload/table-growth/table-size-history';
import { parseWindow } from '@/lib/workload/window';

export const metadata = { title: 'Space · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const SNAPSHOT_COLUMNS: { key: SnapshotSort; label: string; cell: (row: StoredTableSize) => string }[] = [
  { key: 'name', label: 'Table', cell: (row) => `${row.schema}.${row.table}` },
  { key: 'total', label: 'Total', cell: (row) => formatBytes(row.totalBytes) },
  { key: 'table', label: 'Table (heap, TOAST)', cell: (row) => formatBytes(row.tableBytes) },
  { key: 'index', label: 'Indexes', cell: (row) => formatBytes(row.indexBytes) },
  {
    key: 'rows',
    label: 'Rows (estimate)',
    cell: (row) => (row.estimatedRows === null ? 'not analysed' : formatCount(row.estimatedRows)),
  },
];

/** First and Next: a keyset list walks forward; the browser's Back returns to the previous page. */
function Pager({ first, next, label }: { first: string | null; next: string | null; label: string }) {
  return (
    <nav className="pager" aria-label={label}>
      <a href={first ?? '#'} aria-disabled={!first}>
        First
      </a>
      <a href={next ?? '#'} aria-disabled={!next} rel="next">
        Next
      </a>
    </nav>
  );
}

export default async function SpacePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageRole('viewer');
  const view = parseSpaceView(await searchParams);
  const now = new Date();
  const [space, history] = await onSelectedTarget(async (target) =>
    Promise.all([loadSpace(target, view, now), loadHistory('7d')]),
  );
  // What changed around it, marked on the growth chart (its window) and on the 7-day size chart.
  const [growthMarkers, weekMarkers] = await Promise.all([
    loadChangeMarkers(space.target, parseWindow({ range: view.range }, now).window),
    loadChangeMarkers(space.target, parseWindow({ range: '7d' }, now).window),
  ]);
  const measureNow = <MeasureNow target={space.target} />;
  return (
    <>
      <h1>Space</h1>
      <ReportSection id="database" title="Database size" section={space.database}>
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
      <ReportSection id="tables" title="Largest tables" section={space.snapshot}>
        {(snapshot) =>
          snapshot === null ? (
            <>
              <p className="stat-detail" data-testid="no-snapshot">
                No snapshot of this server&apos;s table sizes yet: the first is taken shortly after the console starts,
                then every 15 minutes. Measure them now instead:
              </p>
              {measureNow}
            </>
          ) : (
            <>
              <p className="stat-detail" data-testid="snapshot-taken-at">
                From the snapshot taken at {formatTimestamp(snapshot.round.takenAt)} (
                {formatDuration((now.getTime() - snapshot.round.takenAt.getTime()) / 1000)} ago): the{' '}
                {formatCount(Math.min(500, snapshot.round.tableCount))} largest of{' '}
                {formatCount(snapshot.round.tableCount)} tables, measured in {Math.round(snapshot.round.measuredMs)} ms.
                Snapshots are taken every 15 minutes. Choose a heading to sort, a table to chart its growth.
              </p>
              {measureNow}
              <DataTable
                testId="table-sizes"
                rows={snapshot.page.rows}
                rowKey={(row) => `${row.schema}.${row.table}`}
                columns={SNAPSHOT_COLUMNS.map((column) => ({
                  header: <Link href={spaceHref(view, { sort: column.key, after: null })}>{column.label}</Link>,
                  numeric: column.key !== 'name',
                  sort: column.key === view.sort ? (view.sort === 'name' ? 'ascending' : 'descending') : undefined,
                  cell:
                    column.key === 'name'
                      ? (row: StoredTableSize) => (
                          <Link href={spaceHref(view, { chart: { schema: row.schema, table: row.table } })}>
                            {column.cell(row)}
                          </Link>
                        )
                      : column.cell,
                }))}
              />
              <Pager
                label="Pages of the largest tables"
                first={view.after ? spaceHref(view, { after: null }) : null}
                next={snapshot.page.next && spaceHref(view, { after: snapshot.page.next })}
              />
            </>
          )
        }
      </ReportSection>
      <TableGrowthSection section={space.growth} view={view} markers={growthMarkers} />
      <ReportSection
        id="all-tables"
        title="Every table, by name"
        description="Measured live, a page at a time: only the tables of the page are measured, however many there are."
        section={space.allTables}
        isEmpty={(page) => page.rows.length === 0 && !view.allAfter}
        empty="This database has no tables."
      >
        {(page) => (
          <>
            <DataTable
              testId="all-table-sizes"
              rows={page.rows}
              rowKey={(row) => `${row.schema}.${row.table}`}
              columns={[
                { header: 'Table', cell: (row) => `${row.schema}.${row.table}` },
                { header: 'Total', numeric: true, cell: (row) => formatBytes(row.totalBytes) },
                { header: 'Heap', numeric: true, cell: (row) => formatBytes(row.heapBytes) },
                { header: 'Indexes', numeric: true, cell: (row) => formatBytes(row.indexBytes) },
                { header: 'TOAST', numeric: true, cell: (row) => formatBytes(row.toastBytes) },
                { header: 'Rows (estimate)', numeric: true, cell: (row) => formatCount(row.estimatedRows) },
              ]}
            />
            <Pager
              label="Pages of every table"
              first={view.allAfter ? spaceHref(view, { allAfter: null }) : null}
              next={page.next && spaceHref(view, { allAfter: page.next })}
            />
          </>
        )}
      </ReportSection>
      <ReportSection
        id="indexes"
        title="Indexes"
        description={
          <>
            Order:{' '}
            <Link
              href={spaceHref(view, { indexSort: 'name', indexAfter: null })}
              aria-current={view.indexSort === 'name' ? 'page' : undefined}
            >
              by name
            </Link>{' '}
            (every index, measured live a page at a time) ·{' '}
            <Link
              href={spaceHref(view, { indexSort: 'size', indexAfter: null })}
              aria-current={view.indexSort === 'size' ? 'page' : undefined}
            >
              largest first
            </Link>{' '}
            (the 500 largest, from the 15-minute snapshot: ranking live would measure every index)
          </>
        }
        section={space.indexes}
        isEmpty={(list) => list !== null && list.page.rows.length === 0 && !view.indexAfter}
        empty="No indexes on user tables."
      >
        {(list) =>
          list === null ? (
            <p className="stat-detail" data-testid="no-index-snapshot">
              No snapshot of this server&apos;s index sizes yet: the first is taken shortly after the console starts,
              then every 15 minutes. List the indexes by name to measure them live.
            </p>
          ) : (
            <>
              {list.round && (
                <p className="stat-detail" data-testid="index-snapshot-taken-at">
                  From the snapshot taken at {formatTimestamp(list.round.takenAt)} (
                  {formatDuration((now.getTime() - list.round.takenAt.getTime()) / 1000)} ago)
                  {list.round.indexCount === null
                    ? '.'
                    : `: the ${formatCount(Math.min(500, list.round.indexCount))} largest of ${formatCount(list.round.indexCount)} indexes.`}
                </p>
              )}
              <DataTable
                testId="index-sizes"
                rows={list.page.rows}
                rowKey={(row) => `${row.schema}.${row.index}`}
                columns={[
                  { header: 'Index', cell: (row) => row.index },
                  { header: 'Table', cell: (row) => `${row.schema}.${row.table}` },
                  { header: 'Size', numeric: true, cell: (row) => formatBytes(row.sizeBytes) },
                ]}
              />
              <Pager
                label="Pages of indexes"
                first={view.indexAfter ? spaceHref(view, { indexAfter: null }) : null}
                next={list.page.next && spaceHref(view, { indexAfter: list.page.next })}
              />
            </>
          )
        }
      </ReportSection>
      <ReportSection
        id="growth"
        title="Database size over the last 7 days"
        description="From the sampler's history."
        section={history}
        isEmpty={(points) => points.length === 0}
        empty="No samples yet."
      >
        {(points) => <HistoryCharts points={points} only={['database-size']} markers={weekMarkers} />}
      </ReportSection>
    </>
  );
}
