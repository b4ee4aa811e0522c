import { ActiveSessionsHistory } from '@/components/activity/active-sessions-history';
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

export const metadata = { title: 'History · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<{ range?: string; wait?: string }>;
}) {
  await requirePageRole('viewer');
  const search = await searchParams;
  const range = historyRangeSchema.parse(search.range);
  const wait = waitClassSchema.safeParse(search.wait);
  const env = getEnv();
  const target = (await getSelectedTarget()).name;
  const [history, waitClasses, drillDown] = await Promise.all([
    onSelectedTarget(() => loadHistory(range)),
    loadWaitClassSeries(target, range),
    wait.success ? loadWaitClassDrillDown(target, range, wait.data) : null,
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
        {(points) => <HistoryCharts points={points} />}
      </ReportSection>
      <ActiveSessionsHistory
        series={waitClasses}
        drillDown={drillDown}
        path="/history"
        keep={{ range }}
        range={range}
        sampleSeconds={env.ACTIVITY_SAMPLE_SECONDS}
      />
    </>
  );
}
