'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ChangeMarker } from '@/lib/workload/changes/timeline';
import { ChangeMarkers } from '../changes/change-markers';
import { ChartRegions, type ChartRegion } from './chart-regions';
import type { ChartSeries } from './line-chart';

const time = (t: number) => new Date(t).toISOString().slice(5, 16).replace('T', ' ');

/**
 * A stacked area chart over a window (database time by statement, active sessions by wait class). With `path`, a
 * range dragged across it opens that view for the dragged range (`path` with `keep` and ?from=&to=). Data in, areas
 * out; hidden from assistive technology (a table beside each says the same).
 */
export function StackedWindowChart({
  data,
  series,
  decimals,
  unit,
  path,
  keep = {},
  testId,
  markers,
  regions,
}: {
  data: object[];
  series: ChartSeries[];
  /** Decimals the axis and the tooltip write a value with (a number, not a function: server pages render it). */
  decimals: number;
  unit?: string;
  /** The view a dragged range opens, and the parameters it keeps (the order, the statement); none: no dragging. */
  path?: string;
  keep?: Record<string, string>;
  testId: string;
  /** What changed around the workload in the window (lib/workload/changes/timeline.ts). */
  markers?: readonly ChangeMarker[];
  /** Stretches to mark, such as where nothing was collected (a bucket null in every series breaks the areas there). */
  regions?: readonly ChartRegion[];
}) {
  const router = useRouter();
  const format = (value: number) => value.toFixed(decimals);
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const label = (state: { activeLabel?: string | number } | null) =>
    state?.activeLabel === undefined ? null : Number(state.activeLabel);
  return (
    <div style={{ width: '100%', height: 240 }} aria-hidden="true" data-testid={testId}>
      <ResponsiveContainer>
        <AreaChart
          data={data}
          margin={{ top: 8, right: 12, bottom: 4, left: 4 }}
          accessibilityLayer={false}
          onMouseDown={(state) => {
            const t = label(state);
            if (path && t !== null) setDrag({ start: t, end: t });
          }}
          onMouseMove={(state) => {
            const t = label(state);
            if (drag && t !== null) setDrag({ ...drag, end: t });
          }}
          onMouseUp={() => {
            if (path && drag && drag.start !== drag.end) {
              // Points are bucket starts: the range runs to the end of the last bucket dragged onto.
              const times = data.map((point) => (point as { t: number }).t);
              const bucketMs = times.length > 1 ? times[1] - times[0] : 0;
              const [from, to] = [Math.min(drag.start, drag.end), Math.max(drag.start, drag.end) + bucketMs];
              const window = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
              router.push(`${path}?${new URLSearchParams({ ...keep, ...window }).toString()}`);
            }
            setDrag(null);
          }}
        >
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
          <YAxis stroke="var(--muted)" fontSize={12} width={56} unit={unit} tickFormatter={format} />
          <Tooltip
            labelFormatter={(t) => new Date(Number(t)).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'}
            formatter={(v) => `${format(Number(v))}${unit ? ` ${unit}` : ''}`}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
          />
          <Legend />
          {series.map((s) => (
            <Area
              key={s.key}
              type="stepAfter"
              dataKey={s.key}
              name={s.label}
              stackId="time"
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.5}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
          <ChartRegions regions={regions} />
          <ChangeMarkers markers={markers} />
          {drag && drag.start !== drag.end && (
            <ReferenceArea x1={drag.start} x2={drag.end} strokeOpacity={0.3} fill="var(--muted)" />
          )}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
