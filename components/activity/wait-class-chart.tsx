'use client';
import type { WaitClassPoint } from '@/lib/workload/activity/wait-class-series';
import type { ChangeMarker } from '@/lib/workload/changes/timeline';
import type { ChartSeries } from '../history/line-chart';
import { StackedWindowChart } from '../history/stacked-area-chart';

/**
 * The palette has five colours: the four classes a DBA looks for first keep their own (CPU green, I/O blue, lock
 * waits red, LWLock purple, as most ASH charts colour them), every other class is summed into "other". The table
 * beside the chart lists every class apart.
 */
const SERIES: (ChartSeries & { classes: readonly string[] | null })[] = [
  { key: 'CPU', label: 'CPU', color: 'var(--chart-2)', classes: ['CPU'] },
  { key: 'IO', label: 'IO', color: 'var(--chart-1)', classes: ['IO'] },
  { key: 'LWLock', label: 'LWLock', color: 'var(--chart-4)', classes: ['LWLock'] },
  { key: 'Lock', label: 'Lock', color: 'var(--chart-5)', classes: ['Lock'] },
  { key: 'other', label: 'other', color: 'var(--chart-3)', classes: null },
];
const NAMED = new Set(SERIES.flatMap((series) => series.classes ?? []));

function toChartPoint(point: WaitClassPoint): Record<string, number | null> {
  const values = Object.entries(point).filter(([key]) => key !== 't');
  const sum = (keep: (waitClass: string) => boolean) => {
    const kept = values.filter(([key]) => keep(key));
    return kept.some(([, value]) => value === null) ? null : kept.reduce((total, [, value]) => total + (value ?? 0), 0);
  };
  return {
    t: point.t,
    ...Object.fromEntries(
      SERIES.map((series) => [
        series.key,
        sum((waitClass) => (series.classes ? series.classes.includes(waitClass) : !NAMED.has(waitClass))),
      ]),
    ),
  };
}

/**
 * Average active sessions by wait class, stacked: the height is how many sessions were active on average, the
 * bands what they waited on. A range dragged across it opens `path` for that range (?from=&to=), keeping `keep`.
 */
export function WaitClassChart({
  points,
  markers,
  path,
  keep,
}: {
  points: WaitClassPoint[];
  markers?: readonly ChangeMarker[];
  path: string;
  keep: Record<string, string>;
}) {
  const data = points.map(toChartPoint);
  return (
    <StackedWindowChart
      data={data}
      series={SERIES.filter((series) => data.some((point) => (point[series.key] ?? 0) > 0))}
      decimals={2}
      path={path}
      keep={keep}
      testId="chart-wait-classes"
      markers={markers}
    />
  );
}
