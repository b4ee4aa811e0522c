'use client';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ConnectionsByState } from '@/lib/pg/activity';

/** A thin chart: takes its data as props and never fetches. Hidden from assistive technology: the table beside it carries the same figures. */
export function ConnectionsByStateChart({ data }: { data: ConnectionsByState[] }) {
  return (
    <div style={{ width: '100%', height: 180 }} aria-hidden="true">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="state" stroke="var(--muted)" fontSize={12} />
          <YAxis allowDecimals={false} stroke="var(--muted)" fontSize={12} width={36} />
          <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }} />
          <Bar dataKey="count" name="sessions" fill="var(--chart-1)" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
