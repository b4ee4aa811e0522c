'use client';
import {
  Bar,
  BarChart as RechartsBarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ChartSeries } from '../history/line-chart';

/** A thin bar chart: data in, bars out; hidden from assistive technology (each has a table beside it). */
export function BarChart({
  data,
  xKey,
  series,
  testId,
}: {
  data: object[];
  xKey: string;
  series: ChartSeries[];
  testId: string;
}) {
  return (
    <div style={{ width: '100%', height: 220 }} aria-hidden="true" data-testid={testId}>
      <ResponsiveContainer>
        <RechartsBarChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey={xKey} stroke="var(--muted)" fontSize={11} />
          <YAxis stroke="var(--muted)" fontSize={12} width={56} />
          <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }} />
          {series.length > 1 && <Legend />}
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
          ))}
        </RechartsBarChart>
      </ResponsiveContainer>
    </div>
  );
}
