/**
 * A tiny inline chart of one statement's time per bucket: plain SVG, rendered on the server, no script. A bucket
 * nothing was collected for (null) breaks the line and is shaded; the label says so too.
 */
export function Sparkline({ values, label }: { values: readonly (number | null)[]; label: string }) {
  const width = 96;
  const height = 24;
  const max = Math.max(...values.map((value) => value ?? 0), 0);
  if (values.length < 2 || max === 0) return <span className="stat-detail">—</span>;
  const step = width / (values.length - 1);
  // Runs of collected buckets, each its own polyline (a lone bucket a dot).
  const runs: [x: number, y: number][][] = [];
  values.forEach((value, i) => {
    if (value === null) return;
    if (i === 0 || values[i - 1] === null) runs.push([]);
    runs.at(-1)!.push([i * step, height - (value / max) * height]);
  });
  const hasGaps = values.includes(null);
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={hasGaps ? `${label} (not collected in part of it)` : label}
      className="sparkline"
    >
      {values.map((value, i) =>
        value === null ? (
          <rect
            key={i}
            x={Math.max(0, (i - 0.5) * step)}
            width={step}
            y={0}
            height={height}
            fill="var(--muted)"
            fillOpacity={0.18}
          />
        ) : null,
      )}
      {runs.map((points) =>
        points.length === 1 ? (
          <circle key={points[0][0]} cx={points[0][0]} cy={points[0][1]} r={1} fill="var(--chart-1)" />
        ) : (
          <polyline
            key={points[0][0]}
            points={points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}
            fill="none"
            stroke="var(--chart-1)"
            strokeWidth={1.5}
          />
        ),
      )}
    </svg>
  );
}
