import Link from 'next/link';
import { z } from 'zod';
import { CoverageNotice } from '@/components/queries/coverage-notice';
import { ResetStatementsButton } from '@/components/queries/reset-statements-button';
import { SinceResetView } from '@/components/queries/since-reset-view';
import { StackedWindowChart } from '@/components/history/stacked-area-chart';
import { WindowPicker } from '@/components/queries/window-picker';
import { WINDOW_ORDER_LABELS, WindowStatements } from '@/components/queries/window-statements';
import { RegressionsSection } from '@/components/queries/regressions-list';
import { NarrowedRoleNote } from '@/components/targets/narrowed-role-note';
import { ReportSection } from '@/components/reports/report-section';
import type { ChartSeries } from '@/components/history/line-chart';
import { requirePageRole, type CurrentUser } from '@/lib/auth/session';
import { mayChangeOn, roleOn } from '@/lib/auth/target-roles';
import { getEnv } from '@/lib/env';
import { loadSection } from '@/lib/monitoring/sections';
import { countSlowStatements, listTopStatements, STATEMENT_ORDER, type StatementOrder } from '@/lib/pg/statements';
import { onSelectedTarget } from '@/lib/targets/selection';
import { loadChangeMarkers } from '@/lib/workload/changes/timeline';
import { shortLabel, toCoverageRegions, toStackedRows } from '@/lib/workload/statements/chart-rows';
import { WINDOW_ORDER, type WindowCursor, type WindowOrder } from '@/lib/workload/statements/history';
import { loadStatementWindow } from '@/lib/workload/statements/load-window';
import { listRegressions } from '@/lib/workload/statements/regressions';
import { parseWindow, windowQuery } from '@/lib/workload/window';

export const metadata = { title: 'Queries · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const resetOrderSchema = z.enum(Object.keys(STATEMENT_ORDER) as [StatementOrder, ...StatementOrder[]]).catch('total');
const windowOrderSchema = z.enum(Object.keys(WINDOW_ORDER) as [WindowOrder, ...WindowOrder[]]).catch('total');

/** The next page's cursor in the URL: `<figure>~<queryid>`. */
function parseCursor(value: string | undefined): { cursor: WindowCursor | null; problem: string | null } {
  if (value === undefined) return { cursor: null, problem: null };
  const match = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)~(-?\d{1,20})$/i.exec(value);
  return match
    ? { cursor: { value: match[1], queryId: match[2] }, problem: null }
    : {
        cursor: null,
        problem: 'The page link is malformed (expected ?after=<figure>~<queryid>); showing the first page.',
      };
}

const COLORS: ChartSeries['color'][] = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)'];

type Params = { view?: string; order?: string; range?: string; from?: string; to?: string; after?: string };

export default async function QueriesPage({ searchParams }: { searchParams: Promise<Params> }) {
  const user = await requirePageRole('viewer');
  const params = await searchParams;
  const env = getEnv();
  const isReset = params.view === 'reset';
  const slow = await onSelectedTarget(() =>
    loadSection(`statements:slow:${env.SLOW_QUERY_MS}`, () => countSlowStatements(env.SLOW_QUERY_MS)),
  );
  return (
    <>
      <h1>Queries</h1>
      <nav className="tabs" aria-label="Statistics">
        <Link href="/queries" aria-current={isReset ? undefined : 'page'}>
          Over a window
        </Link>
        <Link href="/queries?view=reset" aria-current={isReset ? 'page' : undefined}>
          Since reset
        </Link>
      </nav>
      <ReportSection
        id="slow"
        title="Slow queries"
        section={slow}
        description={`Statements whose mean time since the last reset is above ${env.SLOW_QUERY_MS} ms (the guide's pg_slow_queries; alert above ${env.ALERT_SLOW_QUERIES}).`}
      >
        {(count) => (
          <p className="stat-value" data-testid="slow-query-count">
            {count}
          </p>
        )}
      </ReportSection>
      {isReset ? await sinceReset(params, user) : await overWindow(params)}
    </>
  );
}

async function sinceReset(params: Params, user: CurrentUser) {
  const order = resetOrderSchema.parse(params.order);
  const [target, top] = await onSelectedTarget(
    async (target) => [target.name, await loadSection(`statements:${order}`, () => listTopStatements(order))] as const,
  );
  // The buttons follow the role on the target shown (lib/auth/target-roles.ts).
  const canExplain = mayChangeOn(user, target, 'operator');
  const canReset = mayChangeOn(user, target, 'admin');
  return (
    <>
      <div className="toolbar">
        <span>From pg_stat_statements, this database only, cumulative since its last reset.</span>
        {canReset && <ResetStatementsButton target={target} />}
      </div>
      <NarrowedRoleNote target={target} there={roleOn(user, target)} role={user.role} />
      <SinceResetView target={target} order={order} top={top} slowMs={getEnv().SLOW_QUERY_MS} canExplain={canExplain} />
    </>
  );
}

async function overWindow(params: Params) {
  const env = getEnv();
  const { window, problem } = parseWindow(params);
  const { cursor, problem: cursorProblem } = parseCursor(params.after);
  const order = windowOrderSchema.parse(params.order);
  const query = windowQuery(window);
  const windowKey = window.range ?? `${window.from.toISOString()}/${window.to.toISOString()}`;
  const [target, statements, regressions] = await onSelectedTarget(
    async (target) =>
      [
        target.name,
        ...(await Promise.all([
          loadSection(`statements-window:${windowKey}:${order}:${params.after ?? ''}`, () =>
            loadStatementWindow(target.name, window, order, cursor),
          ),
          loadSection('statement-regressions', () => listRegressions(target.name)),
        ])),
      ] as const,
  );
  const keep = { order };
  const markers = await loadChangeMarkers(target, window);
  const nextHref = (next: WindowCursor | null) =>
    next
      ? // The next page is of the same window, pinned: a preset ("last hour") would have moved on by then.
        `/queries?${windowQuery({ ...window, range: null })}&order=${order}&after=${encodeURIComponent(`${next.value}~${next.queryId}`)}`
      : null;
  return (
    <>
      <p className="stat-detail">
        From the workload history of {target}: pg_stat_statements differences every {env.STATEMENT_SAMPLE_SECONDS} s,
        the top {env.STATEMENT_HISTORY_TOP} statements of each interval kept (minute rows {env.STATEMENT_HISTORY_DAYS}{' '}
        days, hourly rollups {env.STATEMENT_HOURLY_DAYS} days). Drag across the chart to choose a range.
      </p>
      {(problem ?? cursorProblem) && (
        <p role="alert" className="status-warn">
          {problem ?? cursorProblem}
        </p>
      )}
      <WindowPicker path="/queries" window={window} keep={keep} />
      <ReportSection
        id="time-share"
        title="Database time by statement"
        description="Execution time per second of the top statements of the window, stacked, and all others."
        section={statements}
      >
        {({ top, series }) => (
          <>
            {/* The notice shows with or without a chart: an empty window may be one that was not collected. */}
            <CoverageNotice coverage={series.coverage} />
            {top.length === 0 ? (
              <p className="stat-detail">
                No statement history in this window yet: the collector stores one interval every minute.
              </p>
            ) : (
              <StackedWindowChart
                data={toStackedRows(
                  series,
                  top.map((row) => row.queryId),
                )}
                series={[
                  ...top.map((row, i) => ({
                    key: row.queryId,
                    label: shortLabel(row.query, row.queryId),
                    color: COLORS[i],
                  })),
                  { key: 'other', label: 'all others', color: 'var(--chart-5)' as const },
                ]}
                decimals={1}
                unit="ms/s"
                path="/queries"
                keep={keep}
                testId="time-share-chart"
                markers={markers}
                regions={toCoverageRegions(series.coverage)}
              />
            )}
          </>
        )}
      </ReportSection>
      <RegressionsSection title="What changed" section={regressions} />
      <nav className="tabs" aria-label="Rank statements by">
        {(Object.keys(WINDOW_ORDER_LABELS) as WindowOrder[]).map((key) => (
          <Link key={key} href={`/queries?${query}&order=${key}`} aria-current={key === order ? 'page' : undefined}>
            {WINDOW_ORDER_LABELS[key]}
          </Link>
        ))}
      </nav>
      <ReportSection
        id="window-top"
        title={`Statements by ${WINDOW_ORDER_LABELS[order].toLowerCase()} in this window`}
        section={statements}
        isEmpty={(data) => data.ranking.rows.length === 0}
        empty="No statements ran in this window, or the history has not reached it yet."
      >
        {({ ranking, series }) => (
          <WindowStatements
            ranking={ranking}
            sparklines={series}
            windowQuery={query}
            nextHref={nextHref(ranking.next)}
            slowMs={env.SLOW_QUERY_MS}
          />
        )}
      </ReportSection>
    </>
  );
}
