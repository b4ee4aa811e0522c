'use client';
import { useState, useTransition } from 'react';
import { DataTable } from '@/components/ui/data-table';
import { measureTableSizes, type LiveTableSizes } from '@/lib/actions/space/measure-table-sizes';
import { formatBytes, formatCount, formatTimestamp } from '@/lib/format';

/**
 * "Measure now": the 500 largest tables measured live on the watched server, only when asked (one shared measurement
 * per target per minute, lib/actions/space/measure-table-sizes.ts). A read, so no confirmation.
 */
export function MeasureNow({ target }: { target: string }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ data?: LiveTableSizes; error?: string } | null>(null);
  return (
    <div data-testid="measure-now">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const response = await measureTableSizes(target);
            setResult(response.ok ? { data: response.data } : { error: response.message });
          })
        }
      >
        {pending ? 'Measuring…' : 'Measure now'}
      </button>
      {result?.error && (
        <p role="alert" className="notice error">
          {result.error}
        </p>
      )}
      {result?.data && (
        <>
          <p className="stat-detail" data-testid="live-measured-at">
            Measured live at {formatTimestamp(result.data.measuredAt)}: the {formatCount(result.data.tables.length)}{' '}
            largest tables.
          </p>
          <DataTable
            testId="live-table-sizes"
            rows={result.data.tables}
            rowKey={(row) => `${row.schema}.${row.table}`}
            columns={[
              { header: 'Table', cell: (row) => `${row.schema}.${row.table}` },
              { header: 'Total', numeric: true, cell: (row) => formatBytes(row.totalBytes) },
              { header: 'Heap', numeric: true, cell: (row) => formatBytes(row.heapBytes) },
              { header: 'Indexes', numeric: true, cell: (row) => formatBytes(row.indexBytes) },
              { header: 'TOAST', numeric: true, cell: (row) => formatBytes(row.toastBytes) },
              { header: 'Rows (estimate)', numeric: true, cell: (row) => formatCount(row.estimatedRows) },
            ]}
          />
        </>
      )}
    </div>
  );
}
