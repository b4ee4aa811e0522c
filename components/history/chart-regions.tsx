'use client';
import { Label, ReferenceArea } from 'recharts';

/** A stretch of a time-axis chart to mark (x is epoch ms). */
export interface ChartRegion {
  from: number;
  to: number;
  /** Printed at the top of the stretch, so the mark does not rest on colour alone. */
  label: string;
  /** gap: nothing was collected there (shaded); partial: collected, but the figures are incomplete (outlined). */
  kind: 'gap' | 'partial';
}

const dateTime = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

const STYLE: Record<ChartRegion['kind'], { fill: string; fillOpacity: number; stroke?: string; text: string }> = {
  gap: { fill: 'var(--muted)', fillOpacity: 0.18, text: 'var(--muted)' },
  partial: { fill: 'var(--warn)', fillOpacity: 0.08, stroke: 'var(--warn)', text: 'var(--warn)' },
};

/**
 * Regions as reference areas of a Recharts chart, each labelled, with its times as the label's hover title; clipped
 * to the plotted range. The charts are hidden from assistive technology: the page says the same in text.
 */
export function ChartRegions({ regions = [] }: { regions?: readonly ChartRegion[] }) {
  return (
    <>
      {regions.map((region, index) => {
        const style = STYLE[region.kind];
        return (
          <ReferenceArea
            key={`${region.kind}:${region.from}:${index}`}
            x1={region.from}
            x2={region.to}
            ifOverflow="hidden"
            fill={style.fill}
            fillOpacity={style.fillOpacity}
            stroke={style.stroke}
            strokeDasharray={style.stroke ? '3 2' : undefined}
            className={`chart-region chart-region-${region.kind}`}
          >
            <Label
              content={({ viewBox }) =>
                viewBox && 'width' in viewBox ? (
                  <text
                    x={viewBox.x + 2}
                    y={viewBox.y + 10 + (index % 2) * 11}
                    fontSize={10}
                    fill={style.text}
                    data-kind={region.kind}
                  >
                    <title>{`${dateTime(region.from)} – ${dateTime(region.to)}: ${region.label}`}</title>
                    {region.label}
                  </text>
                ) : null
              }
            />
          </ReferenceArea>
        );
      })}
    </>
  );
}
