'use client';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBytes, formatPercent } from '@/lib/format';

export interface GrowthBar {
  name: string;
  value: number;
}

/**
 * The tables that grew most, as horizontal bars: bytes added or growth relative to the start. Data in, bars out;
 * hidden from assistive technology (the table beside it says the same).
 */
export function GrowthBars({ bars, unit, testId }: { bars: GrowthBar[]; unit: 'bytes' | 'ratio'; testId: string }) {
  const format = unit === 'bytes' ? formatBytes : (v: number) => formatPercent(v, 1);
  return (
    <div style={{ width: '100%', height: 40 + bars.length * 24 }} aria-hidden="true" data-testid={testId}>
      <ResponsiveContainer>
        <BarChart
          data={bars}
          layout="vertical"
          margin={{ top: 4, right: 12, bottom: 4, left: 4 }}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis type="number" stroke="var(--muted)" fontSize={11} tickFormatter={(v: number) => format(v)} />
          <YAxis type="category" dataKey="name" stroke="var(--muted)" fontSize={11} width={160} />
          <Tooltip
            formatter={(v) => format(Number(v))}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
          />
          <Bar
            dataKey="value"
            name={unit === 'bytes' ? 'added' : 'growth'}
            fill={unit === 'bytes' ? 'var(--chart-1)' : 'var(--chart-3)'}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
