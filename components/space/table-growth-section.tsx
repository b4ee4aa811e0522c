import Link from 'next/link';
import { ReportSection } from '@/components/reports/report-section';
import { DataTable } from '@/components/ui/data-table';
import { formatBytes, formatPercent, formatTimestamp } from '@/lib/format';
import { HISTORY_RANGES, type HistoryRange } from '@/lib/monitoring/history';
import type { Section } from '@/lib/monitoring/sections';
import type { GrowthView } from '@/lib/space/load-space';
import { spaceHref, type SpaceView } from '@/lib/space/space-view';
import type { ChangeMarker } from '@/lib/workload/changes/timeline';
import type { GrownTable } from '@/lib/workload/table-growth/table-size-history';
import { GrowthBars } from './growth-bars';
import { TableGrowthChart } from './table-growth-chart';

const RANGE_LABELS: Record<HistoryRange, string> = {
  '15m': '15 min',
  '1h': '1 h',
  '6h': '6 h',
  '24h': '24 h',
  '7d': '7 d',
};

function ranked(rows: GrownTable[], view: SpaceView, value: (row: GrownTable) => string, testId: string) {
  return (
    <DataTable
      testId={testId}
      rows={rows}
      rowKey={(row) => `${row.schema}.${row.table}`}
      columns={[
        {
          header: 'Table',
          cell: (row) => (
            <Link href={spaceHref(view, { chart: { schema: row.schema, table: row.table } })}>
              {row.schema}.{row.table}
            </Link>
          ),
        },
        { header: 'Grew', numeric: true, cell: value },
        { header: 'Now', numeric: true, cell: (row) => formatBytes(row.toBytes) },
      ]}
    />
  );
}

/**
 * The Space page's growth: the window picker, one table's sizes over it (with its change markers), and the tables
 * that grew most.
 */
export function TableGrowthSection({
  section,
  view,
  markers,
}: {
  section: Section<GrowthView>;
  view: SpaceView;
  markers?: readonly ChangeMarker[];
}) {
  return (
    <ReportSection
      id="table-growth"
      title="Table growth"
      section={section}
      isEmpty={(growth) => growth.charted === null}
      empty="No snapshot yet: growth shows once snapshots have been taken."
    >
      {(growth) => (
        <>
          <nav className="tabs" aria-label="Growth window">
            {(Object.keys(HISTORY_RANGES) as HistoryRange[]).map((range) => (
              <Link
                key={range}
                href={spaceHref(view, { range })}
                aria-current={range === view.range ? 'page' : undefined}
              >
                {RANGE_LABELS[range]}
              </Link>
            ))}
          </nav>
          <h3>
            {growth.charted!.schema}.{growth.charted!.table} over the last {RANGE_LABELS[view.range]}
          </h3>
          <p className="stat-detail" data-testid="table-growth-summary">
            {growth.points.length === 0
              ? 'Not among the largest tables in any snapshot of this window.'
              : `${growth.points.length} snapshots: ${formatBytes(growth.points[0].totalBytes)} → ${formatBytes(growth.points.at(-1)!.totalBytes)}`}
          </p>
          <TableGrowthChart points={growth.points} markers={markers} />
          {growth.ranking === null ? (
            <p className="stat-detail">
              Growth needs two snapshots in the window; the next is at most 15 minutes away.
            </p>
          ) : (
            <>
              <h3>Grew most over the window</h3>
              <p className="stat-detail">
                Between the snapshots of {formatTimestamp(growth.ranking.from)} and {formatTimestamp(growth.ranking.to)}
                ; tables new to the largest 500 in the meantime have no start to compare with.
              </p>
              {growth.ranking.byBytes.length === 0 ? (
                <p className="stat-detail">No table grew.</p>
              ) : (
                <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))' }}>
                  <div>
                    <h4>By bytes added</h4>
                    <GrowthBars
                      testId="chart-grew-bytes"
                      unit="bytes"
                      bars={growth.ranking.byBytes.map((row) => ({
                        name: `${row.schema}.${row.table}`,
                        value: row.grewBytes,
                      }))}
                    />
                    {ranked(growth.ranking.byBytes, view, (row) => `+${formatBytes(row.grewBytes)}`, 'grew-bytes')}
                  </div>
                  <div>
                    <h4>By growth relative to the start</h4>
                    <GrowthBars
                      testId="chart-grew-ratio"
                      unit="ratio"
                      bars={growth.ranking.byRatio.map((row) => ({
                        name: `${row.schema}.${row.table}`,
                        value: row.grewRatio ?? 0,
                      }))}
                    />
                    {ranked(growth.ranking.byRatio, view, (row) => `+${formatPercent(row.grewRatio, 1)}`, 'grew-ratio')}
                  </div>
                </div>
              )}
            </>
          )}
        </>
      )}
    </ReportSection>
  );
}
