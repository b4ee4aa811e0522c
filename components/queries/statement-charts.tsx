'use client';
import { formatPercent } from '@/lib/format';
import type { ChangeMarker } from '@/lib/workload/changes/timeline';
import type { StatementPoint } from '@/lib/workload/statements/history';
import type { ChartRegion } from '../history/chart-regions';
import { LineChart, type ChartSeries } from '../history/line-chart';

const CHARTS: { id: string; title: string; series: ChartSeries; format?: (v: number) => string }[] = [
  {
    id: 'calls',
    title: 'Calls per second',
    series: { key: 'callsPerSecond', label: 'calls/s', color: 'var(--chart-1)' },
  },
  {
    id: 'mean',
    title: 'Mean execution time (ms)',
    series: { key: 'meanMs', label: 'mean ms', color: 'var(--chart-2)' },
    format: (v) => v.toFixed(2),
  },
  { id: 'rows', title: 'Rows per call', series: { key: 'rowsPerCall', label: 'rows/call', color: 'var(--chart-3)' } },
  {
    id: 'hits',
    title: 'Cache hit ratio',
    series: { key: 'hitRatio', label: 'hit ratio', color: 'var(--chart-4)' },
    format: (v) => formatPercent(v, 1),
  },
  { id: 'io', title: 'Block I/O time (ms)', series: { key: 'ioMs', label: 'I/O ms', color: 'var(--chart-5)' } },
];

function summarize(points: StatementPoint[], key: keyof StatementPoint, format: (value: number) => string): string {
  const values = points.map((p) => p[key]).filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return 'no calls in this window';
  return `latest ${format(values.at(-1)!)}, min ${format(Math.min(...values))}, max ${format(Math.max(...values))}`;
}

/**
 * One statement's charts over the window, each with a text summary, the window's markers and its regions (where
 * nothing was collected, where entries were evicted); data in, lines out.
 */
export function StatementCharts({
  points,
  markers,
  regions,
}: {
  points: StatementPoint[];
  markers?: readonly ChangeMarker[];
  regions?: readonly ChartRegion[];
}) {
  return (
    <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' }}>
      {CHARTS.map((chart) => {
        const format = chart.format ?? ((v: number) => v.toFixed(1));
        return (
          <section key={chart.id} className="card" aria-labelledby={`statement-chart-${chart.id}-title`}>
            <h2 id={`statement-chart-${chart.id}-title`}>{chart.title}</h2>
            <p className="stat-detail">{summarize(points, chart.series.key as keyof StatementPoint, format)}</p>
            <LineChart
              data={points}
              series={[chart.series]}
              format={format}
              testId={`statement-chart-${chart.id}`}
              markers={markers}
              regions={regions}
            />
          </section>
        );
      })}
    </div>
  );
}
