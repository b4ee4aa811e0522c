import { HistoryCharts } from '@/components/history/history-charts';
import { RangePicker } from '@/components/reports/range-picker';
import { ReportSection } from '@/components/reports/report-section';
import { requirePageRole } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { historyRangeSchema } from '@/lib/monitoring/history';
import { loadHistory } from '@/lib/monitoring/load-history';
import { onSelectedTarget } from '@/lib/targets/selection';

export const metadata = { title: 'History · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

export default async function HistoryPage({ searchParams }: { searchParams: Promise<{ range?: string }> }) {
  await requirePageRole('viewer');
  const range = historyRangeSchema.parse((await searchParams).range);
  const env = getEnv();
  const history = await onSelectedTarget(() => loadHistory(range));
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
    </>
  );
}
