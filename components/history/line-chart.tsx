'use client';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart as RechartsLineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ChangeMarker } from '@/lib/workload/changes/timeline';
import { ChangeMarkers } from '../changes/change-markers';
import { ChartRegions, type ChartRegion } from './chart-regions';

export interface ChartSeries {
  key: string;
  label: string;
  /** One of the palette's CSS variables, so both themes work. */
  color: `var(--chart-${1 | 2 | 3 | 4 | 5})`;
}

const time = (t: number) => new Date(t).toISOString().slice(11, 16);
const dateTime = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

/** A thin chart: data in, lines out; never fetches. Hidden from assistive technology: each chart has a summary. */
export function LineChart({
  data,
  series,
  format = String,
  testId,
  markers,
  regions,
}: {
  data: object[];
  series: ChartSeries[];
  format?: (value: number) => string;
  testId: string;
  /** What changed around the workload in this chart's window (lib/workload/changes/timeline.ts). */
  markers?: readonly ChangeMarker[];
  /** Stretches to mark, such as where nothing was collected (a null in `data` breaks the line there). */
  regions?: readonly ChartRegion[];
}) {
  return (
    <div style={{ width: '100%', height: 200 }} aria-hidden="true" data-testid={testId}>
      <ResponsiveContainer>
        <RechartsLineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }} accessibilityLayer={false}>
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
          <YAxis stroke="var(--muted)" fontSize={12} width={64} tickFormatter={(v: number) => format(v)} />
          <Tooltip
            labelFormatter={(t) => dateTime(Number(t))}
            formatter={(v) => format(Number(v))}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
          />
          {series.length > 1 && <Legend />}
          {series.map((s) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
          <ChartRegions regions={regions} />
          <ChangeMarkers markers={markers} />
        </RechartsLineChart>
      </ResponsiveContainer>
    </div>
  );
}
