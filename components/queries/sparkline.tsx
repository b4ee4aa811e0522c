/** A tiny inline chart of one statement's time per bucket: plain SVG, rendered on the server, no script. */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const width = 96;
  const height = 24;
  const max = Math.max(...values, 0);
  if (values.length < 2 || max === 0) return <span className="stat-detail">—</span>;
  const step = width / (values.length - 1);
  const points = values.map((value, i) => `${(i * step).toFixed(1)},${(height - (value / max) * height).toFixed(1)}`);
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="sparkline">
      <polyline points={points.join(' ')} fill="none" stroke="var(--chart-1)" strokeWidth={1.5} />
    </svg>
  );
}
