'use client';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WaitClassPoint } from '@/lib/workload/activity/wait-class-series';
import type { ChangeMarker } from '@/lib/workload/changes/timeline';
import { ChangeMarkers } from '../changes/change-markers';
import type { ChartSeries } from '../history/line-chart';

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

const time = (t: number) => new Date(t).toISOString().slice(11, 16);
const dateTime = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const sessions = (value: number) => value.toFixed(2);

/**
 * Average active sessions by wait class, stacked: the height is how many sessions were active on average, the
 * bands what they waited on. A thin chart: data in, areas out; hidden from assistive technology (the table beside
 * it says the same).
 */
export function WaitClassChart({ points, markers }: { points: WaitClassPoint[]; markers?: readonly ChangeMarker[] }) {
  const data = points.map(toChartPoint);
  const shown = SERIES.filter((series) => data.some((point) => (point[series.key] ?? 0) > 0));
  return (
    <div style={{ width: '100%', height: 240 }} aria-hidden="true" data-testid="chart-wait-classes">
      <ResponsiveContainer>
        <AreaChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={time}
            stroke="var(--muted)"
            fontSize={12}
          />
          <YAxis stroke="var(--muted)" fontSize={12} width={48} tickFormatter={sessions} />
          <Tooltip
            labelFormatter={(t) => dateTime(Number(t))}
            formatter={(v) => sessions(Number(v))}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
          />
          <Legend />
          {shown.map((series) => (
            <Area
              key={series.key}
              type="stepAfter"
              dataKey={series.key}
              name={series.label}
              stackId="sessions"
              stroke={series.color}
              fill={series.color}
              fillOpacity={0.55}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
          <ChangeMarkers markers={markers} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
