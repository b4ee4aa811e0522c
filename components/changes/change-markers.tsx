'use client';
import { Label, ReferenceLine } from 'recharts';
import type { ChangeMarker, TimelineKind } from '@/lib/workload/changes/timeline';

/** Changes to the server in one colour, alerts in the palette's red, the console's own work (backups…) muted. */
function colorOf(kind: TimelineKind): string {
  if (kind.startsWith('alert_')) return 'var(--chart-5)';
  if (kind === 'setting' || kind === 'restart' || kind === 'stats_reset' || kind === 'role') return 'var(--chart-3)';
  return 'var(--muted)';
}

const dateTime = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

/**
 * The timeline's entries as vertical dashed lines on a time-axis chart (x is epoch ms), each with a short label
 * whose hover title is the entry's time and summary. Rendered inside a Recharts chart; labels step down by row so
 * neighbouring markers do not print over one another. The charts are hidden from assistive technology: the
 * History page's Timeline lists the same entries as text.
 */
export function ChangeMarkers({ markers = [] }: { markers?: readonly ChangeMarker[] }) {
  return (
    <>
      {markers.map((marker, index) => (
        <ReferenceLine
          key={`${marker.t}:${index}`}
          x={marker.t}
          stroke={colorOf(marker.kind)}
          strokeDasharray="4 3"
          ifOverflow="extendDomain"
          className="change-marker"
        >
          <Label
            content={({ viewBox }) =>
              viewBox && 'x' in viewBox ? (
                <text
                  x={viewBox.x + 3}
                  y={viewBox.y + 10 + (index % 3) * 11}
                  fontSize={10}
                  fill={colorOf(marker.kind)}
                  data-kind={marker.kind}
                >
                  <title>{`${dateTime(marker.t)}: ${marker.summary}`}</title>
                  {marker.label}
                </text>
              ) : null
            }
          />
        </ReferenceLine>
      ))}
    </>
  );
}
