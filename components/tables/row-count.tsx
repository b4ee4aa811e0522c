'use client';
import { useState, useTransition } from 'react';
import { countRowsExactly } from '@/lib/actions/tables/count-rows-exactly';
import { formatCount } from '@/lib/format';

/** Exact below 50,000 rows; above, the planner's estimate, labelled, with a button for the exact count. */
export function RowCount({
  table,
  search,
  count,
  exact,
}: {
  table: string;
  search: string;
  count: number;
  exact: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ count?: number; error?: string } | null>(null);
  if (exact || result?.count !== undefined) {
    return <span data-testid="row-count">{formatCount(result?.count ?? count)} rows</span>;
  }
  return (
    <span>
      <span data-testid="row-count">≈ {formatCount(count)} rows (estimate)</span>{' '}
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const response = await countRowsExactly({ table, search });
            setResult(response.ok ? { count: response.data.count } : { error: response.message });
          })
        }
      >
        {pending ? 'Counting…' : 'Count exactly'}
      </button>
      {result?.error && (
        <span role="alert" className="field-error">
          {' '}
          {result.error}
        </span>
      )}
    </span>
  );
}
