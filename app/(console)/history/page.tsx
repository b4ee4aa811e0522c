import { ActiveSessionsHistory } from '@/components/activity/active-sessions-history';
import { ChangeTimeline } from '@/components/changes/change-timeline';
import { HistoryCharts } from '@/components/history/history-charts';
import { RangePicker } from '@/components/reports/range-picker';
import { ReportSection } from '@/components/reports/report-section';
import { requirePageRole } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { historyRangeSchema } from '@/lib/monitoring/history';
import { loadHistory } from '@/lib/monitoring/load-history';
import { getSelectedTarget, onSelectedTarget } from '@/lib/targets/selection';
import { loadWaitClassDrillDown, loadWaitClassSeries } from '@/lib/workload/activity/load-activity-history';
import { waitClassSchema } from '@/lib/workload/activity/wait-class-series';
import { changeCheckIntervalMs } from '@/lib/workload/changes/change-task';
import { loadChangeMarkers, loadTimeline } from '@/lib/workload/changes/timeline';
import { timelineCursorSchema } from '@/lib/workload/changes/timeline-cursor';
import { parseWindow } from '@/lib/workload/window';

export const metadata = { title: 'History · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<{ range?: string; wait?: string; after?: string }>;
}) {
  await requirePageRole('viewer');
  const search = await searchParams;
  const range = historyRangeSchema.parse(search.range);
  const wait = waitClassSchema.safeParse(search.wait);
  const env = getEnv();
  const target = (await getSelectedTarget()).name;
  // What changed around the workload: the window's timeline (older pages by ?after=) and every chart's markers.
  const { window } = parseWindow({ range });
  const after = timelineCursorSchema.safeParse(search.after);
  const [history, waitClasses, drillDown, timeline, markers] = await Promise.all([
    onSelectedTarget(() => loadHistory(range)),
    loadWaitClassSeries(target, range),
    wait.success ? loadWaitClassDrillDown(target, range, wait.data) : null,
    loadTimeline(target, window, after.success ? after.data : null),
    loadChangeMarkers(target, window),
  ]);
  return (
    <>
      <h1>History</h1>
      <p className="stat-detail">
        From the background sampler (one sample every {env.SAMPLE_INTERVAL_SECONDS} s, kept {env.SAMPLE_RETENTION_DAYS}{' '}
        days). Long ranges are thinned to about 300 points.
      </p>
      <RangePicker path="/history" current={range} />
      <ReportSection
        id="history"
        title="Charts"
        section={history}
        isEmpty={(points) => points.length === 0}
        empty="No samples in this range yet: the sampler records one every interval."
      >
        {(points) => <HistoryCharts points={points} markers={markers} />}
      </ReportSection>
      <ActiveSessionsHistory
        series={waitClasses}
        drillDown={drillDown}
        path="/history"
        keep={{ range }}
        range={range}
        sampleSeconds={env.ACTIVITY_SAMPLE_SECONDS}
        markers={markers}
      />
      <ChangeTimeline
        section={timeline}
        path="/history"
        keep={{ range }}
        isFirstPage={!after.success}
        description={`What changed on ${target} in the last ${range}, newest first: settings, restarts, statistics resets and failovers (compared every ${changeCheckIntervalMs(env) / 1000} s), backups and restores, checklist sign-offs, alerts firing and resolving. The charts above mark each one.`}
      />
    </>
  );
}
