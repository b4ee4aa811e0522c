import Link from 'next/link';
import { CoverageNotice } from '@/components/queries/coverage-notice';
import { ExplainButton } from '@/components/queries/explain-button';
import { StatementCharts } from '@/components/queries/statement-charts';
import { WindowPicker } from '@/components/queries/window-picker';
import { QueryText } from '@/components/reports/query-text';
import { ReportSection } from '@/components/reports/report-section';
import { requirePageRole } from '@/lib/auth/session';
import { mayChangeOn } from '@/lib/auth/target-roles';
import { formatTimestamp } from '@/lib/format';
import { loadSection } from '@/lib/monitoring/sections';
import { onSelectedTarget } from '@/lib/targets/selection';
import { loadChangeMarkers } from '@/lib/workload/changes/timeline';
import { toCoverageRegions } from '@/lib/workload/statements/chart-rows';
import { findStatementDetail, loadStatementSeries } from '@/lib/workload/statements/history';
import { parseWindow } from '@/lib/workload/window';

export const metadata = { title: 'Statement · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** pg_stat_statements' queryid: a signed 64-bit integer. */
const QUERY_ID = /^-?\d{1,20}$/;

export default async function StatementPage({
  params,
  searchParams,
}: {
  params: Promise<{ queryid: string }>;
  searchParams: Promise<{ range?: string; from?: string; to?: string }>;
}) {
  const user = await requirePageRole('viewer');
  const { queryid } = await params;
  if (!QUERY_ID.test(queryid))
    return (
      <>
        <h1>Statement</h1>
        <p role="alert">
          &ldquo;{queryid.slice(0, 40)}&rdquo; is not a queryid: it is a whole number such as -4123456789.
        </p>
        <Link href="/queries">Back to Queries</Link>
      </>
    );
  const { window, problem } = parseWindow(await searchParams);
  const windowKey = window.range ?? `${window.from.toISOString()}/${window.to.toISOString()}`;
  const [target, detail, series, markers] = await onSelectedTarget(
    async (target) =>
      [
        target.name,
        ...(await Promise.all([
          loadSection(`statement-detail:${queryid}`, () => findStatementDetail(target.name, queryid)),
          loadSection(`statement-series:${queryid}:${windowKey}`, () =>
            loadStatementSeries(target.name, window, queryid),
          ),
          loadChangeMarkers(target.name, window),
        ])),
      ] as const,
  );
  return (
    <>
      <p>
        <Link href="/queries">Queries</Link> / statement {queryid}
      </p>
      <h1>Statement {queryid}</h1>
      {problem && (
        <p role="alert" className="status-warn">
          {problem}
        </p>
      )}
      <ReportSection
        id="statement-detail"
        title="Text and first and last seen"
        section={detail}
        isEmpty={(data) => data === null}
        empty={`The workload history of ${target} holds no statement with this queryid: it has not run since the history began, or its rows have aged out.`}
      >
        {(data) =>
          data && (
            <>
              {data.query ? <QueryText query={data.query} /> : <p className="stat-detail">Text not stored.</p>}
              <dl className="facts">
                <dt>First seen</dt>
                <dd>{data.firstSeen ? formatTimestamp(data.firstSeen) : '—'}</dd>
                <dt>Last ran</dt>
                <dd>{data.lastSeen ? formatTimestamp(data.lastSeen) : '—'}</dd>
                <dt>Users</dt>
                <dd>{data.users ?? '—'}</dd>
              </dl>
              {mayChangeOn(user, target, 'operator') && <ExplainButton target={target} queryId={queryid} />}
            </>
          )
        }
      </ReportSection>
      <WindowPicker path={`/queries/${queryid}`} window={window} />
      <ReportSection id="statement-series" title="Over the window" section={series}>
        {(data) => (
          <>
            {/* The notice shows with or without charts: a statement may have run while nothing was collected. */}
            <CoverageNotice coverage={data.coverage} />
            {data.points.every((point) => !point.callsPerSecond) ? (
              <p className="stat-detail">
                {data.coverage.gaps.length > 0
                  ? 'This statement did not run while this window was collected.'
                  : 'This statement did not run in this window.'}
              </p>
            ) : (
              <StatementCharts points={data.points} markers={markers} regions={toCoverageRegions(data.coverage)} />
            )}
          </>
        )}
      </ReportSection>
    </>
  );
}
