import { ActiveSessionsHistory } from '@/components/activity/active-sessions-history';
import { ChangeTimeline } from '@/components/changes/change-timeline';
import { HistoryCharts } from '@/components/history/history-charts';
import { WindowPicker } from '@/components/queries/window-picker';
import { ReportSection } from '@/components/reports/report-section';
import { requirePageRole } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { loadHistory } from '@/lib/monitoring/load-history';
import { getSelectedTarget, onSelectedTarget } from '@/lib/targets/selection';
import { loadWaitClassDrillDown, loadWaitClassSeries } from '@/lib/workload/activity/load-activity-history';
import { waitClassSchema } from '@/lib/workload/activity/wait-class-series';
import { changeCheckIntervalMs } from '@/lib/workload/changes/change-task';
import { loadChangeMarkers, loadTimeline } from '@/lib/workload/changes/timeline';
import { timelineCursorSchema } from '@/lib/workload/changes/timeline-cursor';
import { describeWindow, parseWindow, windowParams } from '@/lib/workload/window';

export const metadata = { title: 'History · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<{ range?: string; from?: string; to?: string; wait?: string; after?: string }>;
}) {
  await requirePageRole('viewer');
  const search = await searchParams;
  // One window for the whole page — the sampler's charts, the wait classes, the timeline and every chart's markers:
  // a preset (?range=) or a range dragged on the wait-class chart (?from=&to=).
  const { window, problem } = parseWindow(search);
  const wait = waitClassSchema.safeParse(search.wait);
  const env = getEnv();
  const target = (await getSelectedTarget()).name;
  const after = timelineCursorSchema.safeParse(search.after);
  const [history, waitClasses, drillDown, timeline, markers] = await Promise.all([
    onSelectedTarget(() => loadHistory(window)),
    loadWaitClassSeries(target, window),
    wait.success ? loadWaitClassDrillDown(target, window, wait.data) : null,
    loadTimeline(target, window, after.success ? after.data : null),
    loadChangeMarkers(target, window),
  ]);
  return (
    <>
      <h1>History</h1>
      <p className="stat-detail">
        From the background sampler (one sample every {env.SAMPLE_INTERVAL_SECONDS} s, kept {env.SAMPLE_RETENTION_DAYS}{' '}
        days). Long ranges are thinned to about 300 points. Drag across the wait-class chart to choose a range: every
        chart and the timeline on this page follow it.
      </p>
      {problem && (
        <p role="alert" className="status-warn">
          {problem}
        </p>
      )}
      <WindowPicker path="/history" window={window} keep={wait.success ? { wait: wait.data } : {}} />
      <ReportSection
        id="history"
        title="Charts"
        section={history}
        isEmpty={(points) => points.length === 0}
        empty={`No samples in this range: the sampler records one every ${env.SAMPLE_INTERVAL_SECONDS} s and keeps them ${env.SAMPLE_RETENTION_DAYS} days.`}
      >
        {(points) => <HistoryCharts points={points} markers={markers} />}
      </ReportSection>
      <ActiveSessionsHistory
        series={waitClasses}
        drillDown={drillDown}
        path="/history"
        window={window}
        keep={{}}
        sampleSeconds={env.ACTIVITY_SAMPLE_SECONDS}
        markers={markers}
      />
      <ChangeTimeline
        section={timeline}
        path="/history"
        keep={windowParams(window)}
        isFirstPage={!after.success}
        description={`What changed on ${target}, ${describeWindow(window)}, newest first: settings, restarts, statistics resets and failovers (compared every ${changeCheckIntervalMs(env) / 1000} s), backups and restores, checklist sign-offs, alerts firing and resolving. The charts above mark each one.`}
      />
    </>
  );
}
