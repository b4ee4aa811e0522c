'use client';
import { formatBytes, formatPercent } from '@/lib/format';
import type { HistoryPoint } from '@/lib/monitoring/history';
import type { ChangeMarker } from '@/lib/workload/changes/timeline';
import { LineChart, type ChartSeries } from './line-chart';

interface ChartSpec {
  id: string;
  title: string;
  series: ChartSeries[];
  format?: (value: number) => string;
  /** The figure the text summary states, for readers who cannot see the chart. */
  summaryKey: keyof HistoryPoint;
}

const CHARTS: ChartSpec[] = [
  {
    id: 'connections',
    title: 'Connections by state',
    series: [
      { key: 'active', label: 'active', color: 'var(--chart-1)' },
      { key: 'idle', label: 'idle', color: 'var(--chart-2)' },
      { key: 'idleInTransaction', label: 'idle in transaction', color: 'var(--chart-3)' },
      { key: 'otherStates', label: 'other', color: 'var(--chart-4)' },
    ],
    summaryKey: 'active',
  },
  {
    id: 'tps',
    title: 'Transactions per second',
    series: [{ key: 'tps', label: 'commits + rollbacks / s', color: 'var(--chart-1)' }],
    format: (v) => v.toFixed(1),
    summaryKey: 'tps',
  },
  {
    id: 'cache-hit',
    title: 'Cache hit ratio',
    series: [{ key: 'cacheHitRatio', label: 'hit ratio', color: 'var(--chart-2)' }],
    format: (v) => formatPercent(v, 1),
    summaryKey: 'cacheHitRatio',
  },
  {
    id: 'database-size',
    title: 'Database size',
    series: [{ key: 'databaseSizeBytes', label: 'size', color: 'var(--chart-4)' }],
    format: formatBytes,
    summaryKey: 'databaseSizeBytes',
  },
  {
    id: 'long-running',
    title: 'Long-running queries',
    series: [{ key: 'longRunning', label: 'long-running', color: 'var(--chart-5)' }],
    summaryKey: 'longRunning',
  },
  {
    id: 'slow-queries',
    title: 'Slow queries',
    series: [{ key: 'slowQueries', label: 'statements over the threshold', color: 'var(--chart-3)' }],
    summaryKey: 'slowQueries',
  },
  {
    id: 'deadlocks',
    title: 'Deadlocks',
    series: [{ key: 'deadlocks', label: 'per interval', color: 'var(--chart-5)' }],
    summaryKey: 'deadlocks',
  },
];

function summarize(points: HistoryPoint[], key: keyof HistoryPoint, format: (value: number) => string): string {
  const values = points.map((p) => p[key]).filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return 'no values in this range';
  return `latest ${format(values.at(-1)!)}, min ${format(Math.min(...values))}, max ${format(Math.max(...values))}`;
}

/** All charts, or `only` the named ones (the Space page shows the size chart alone), with the window's markers. */
export function HistoryCharts({
  points,
  only,
  markers,
}: {
  points: HistoryPoint[];
  only?: string[];
  markers?: readonly ChangeMarker[];
}) {
  return (
    <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' }}>
      {CHARTS.filter((chart) => !only || only.includes(chart.id)).map((chart) => (
        <section key={chart.id} className="card" aria-labelledby={`chart-${chart.id}`}>
          <h2 id={`chart-${chart.id}`}>{chart.title}</h2>
          <p
            className="stat-detail"
            data-testid={`chart-summary-${chart.id}`}
            data-latest-at={points.length ? new Date(points[points.length - 1].t).toISOString() : undefined}
          >
            {summarize(points, chart.summaryKey, chart.format ?? String)}
          </p>
          <LineChart
            data={points}
            series={chart.series}
            format={chart.format}
            testId={`chart-${chart.id}`}
            markers={markers}
          />
        </section>
      ))}
    </div>
  );
}
