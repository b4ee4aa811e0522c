import Link from 'next/link';
import type { Section } from '@/lib/monitoring/sections';
import type { WaitClassSeries } from '@/lib/workload/activity/wait-class-series';
import type { ChangeMarker } from '@/lib/workload/changes/timeline';
import type { WaitClassDrillDownSection } from '@/lib/workload/activity/load-activity-history';
import type { WaitDrillDownRow } from '@/lib/workload/activity/wait-history';
import { describeWindow, windowParams, type TimeWindow } from '@/lib/workload/window';
import { QueryText } from '../reports/query-text';
import { ReportSection } from '../reports/report-section';
import { DataTable } from '../ui/data-table';
import { WaitClassChart } from './wait-class-chart';

const sessions = (value: number) => value.toFixed(2);

/** The page's URL with `wait` chosen, keeping its other parameters (the window, the threshold). */
function drillDownHref(path: string, keep: Record<string, string>, waitClass: string): string {
  return `${path}?${new URLSearchParams({ ...keep, wait: waitClass })}#wait-class-detail-heading`;
}

function BreakdownTable({ rows, label, testId }: { rows: WaitDrillDownRow[]; label: string; testId: string }) {
  return (
    <DataTable
      rows={rows}
      rowKey={(row) => row.key ?? ''}
      testId={testId}
      columns={[
        { header: label, cell: (row) => row.key ?? '(none)' },
        { header: 'Average active sessions', numeric: true, cell: (row) => sessions(row.average) },
      ]}
    />
  );
}

/**
 * "Average active sessions by wait class" over the chosen window, from the workload collector's samples of
 * pg_stat_activity, with a link per class to what is behind it; and, when one is chosen, its wait events,
 * statements and users. A range dragged across the chart opens `path` for that range, keeping `keep` and the class
 * drilled into.
 */
export function ActiveSessionsHistory({
  series,
  drillDown,
  path,
  window,
  keep,
  sampleSeconds,
  markers,
}: {
  series: Section<WaitClassSeries>;
  /** The class drilled into (?wait=) and its section; null when none is chosen. */
  drillDown: WaitClassDrillDownSection | null;
  path: string;
  window: TimeWindow;
  /** The page's other parameters that a drill-down or a new window keeps (Activity's threshold). */
  keep: Record<string, string>;
  sampleSeconds: number;
  /** What changed around the workload in the window, marked on the chart. */
  markers?: readonly ChangeMarker[];
}) {
  const during = describeWindow(window);
  const drillDownKeep = { ...keep, ...windowParams(window) };
  const dragKeep = drillDown ? { ...keep, wait: drillDown.waitClass } : keep;
  return (
    <>
      <ReportSection
        id="wait-classes"
        title="Average active sessions by wait class"
        description={`Client sessions not idle, sampled every ${sampleSeconds} s and averaged per interval: the height is how many were active on average, the bands what they waited on (CPU: running, not waiting). Window: ${during}; drag across the chart to choose a range.`}
        section={series}
        isEmpty={(data) => data.samples === 0}
        empty={`No complete minute in this window yet: active sessions are sampled every ${sampleSeconds} s and each minute is written once it is over.`}
      >
        {(data) => (
          <>
            <WaitClassChart points={data.points} markers={markers} path={path} keep={dragKeep} />
            {data.classes.length === 0 ? (
              <p className="stat-detail">No session was active in this window.</p>
            ) : (
              <DataTable
                rows={data.classes}
                rowKey={(row) => row.waitClass}
                testId="wait-class-table"
                rowProps={(row) => ({ 'data-wait-class': row.waitClass })}
                columns={[
                  { header: 'Wait class', cell: (row) => row.waitClass },
                  { header: 'Average active sessions', numeric: true, cell: (row) => sessions(row.average) },
                  {
                    header: 'Behind it',
                    cell: (row) => (
                      <Link href={drillDownHref(path, drillDownKeep, row.waitClass)}>
                        What is behind {row.waitClass}
                      </Link>
                    ),
                  },
                ]}
              />
            )}
          </>
        )}
      </ReportSection>
      {drillDown && (
        <ReportSection
          id="wait-class-detail"
          title={`Behind ${drillDown.waitClass}, ${during}`}
          description="Average active sessions of this class by wait event, statement (its text where the statement history holds it) and user."
          section={drillDown.section}
          isEmpty={(data) => data.events.length === 0}
          empty="No session of this class in this window."
        >
          {(data) => (
            <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' }}>
              <div>
                <h3>Wait events</h3>
                <BreakdownTable rows={data.events} label="Wait event" testId="wait-class-events" />
              </div>
              <div>
                <h3>Users</h3>
                <BreakdownTable rows={data.users} label="User" testId="wait-class-users" />
              </div>
              <div style={{ gridColumn: '1 / -1' }}>
                <h3>Statements</h3>
                <DataTable
                  rows={data.statements}
                  rowKey={(row) => row.key ?? ''}
                  testId="wait-class-statements"
                  columns={[
                    {
                      header: 'Statement',
                      cell: (row) =>
                        row.query ? (
                          <QueryText query={row.query} />
                        ) : row.key ? (
                          <span className="stat-detail">queryid {row.key} (text not recorded)</span>
                        ) : (
                          <span className="stat-detail">
                            not identified (no query_id: before PostgreSQL 14, or compute_query_id off)
                          </span>
                        ),
                    },
                    { header: 'Average active sessions', numeric: true, cell: (row) => sessions(row.average) },
                  ]}
                />
              </div>
            </div>
          )}
        </ReportSection>
      )}
    </>
  );
}
