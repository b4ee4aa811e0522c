'use client';
import { LineChart } from '@/components/history/line-chart';
import { formatBytes } from '@/lib/format';
import type { ChangeMarker } from '@/lib/workload/changes/timeline';
import type { TableGrowthPoint } from '@/lib/workload/table-growth/table-size-history';

/**
 * One table's total, table and index bytes at each stored snapshot, with the window's change markers: data in,
 * lines out; never fetches.
 */
export function TableGrowthChart({
  points,
  markers,
}: {
  points: TableGrowthPoint[];
  markers?: readonly ChangeMarker[];
}) {
  return (
    <LineChart
      testId="chart-table-growth"
      markers={markers}
      data={points}
      format={formatBytes}
      series={[
        { key: 'totalBytes', label: 'total', color: 'var(--chart-1)' },
        { key: 'tableBytes', label: 'table (heap, TOAST)', color: 'var(--chart-2)' },
        { key: 'indexBytes', label: 'indexes', color: 'var(--chart-4)' },
      ]}
    />
  );
}
