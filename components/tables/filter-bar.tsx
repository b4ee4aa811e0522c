'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { ColumnDef } from '@/lib/tables/registry';

const OP_LABELS: Record<string, string> = {
  eq: 'equals',
  contains: 'contains',
  prefix: 'starts with',
  gte: 'from (≥)',
  lte: 'to (≤)',
  last: 'in the last',
  is: 'is',
  null: 'is empty',
  notnull: 'is not empty',
  has: 'has key',
  keyeq: 'key equals (key=value)',
  jsoncontains: 'contains JSON',
};

export interface FilterChip {
  label: string;
  removeHref: string;
}

/** Adds a filter by navigating to the same view with one more `f` parameter (and back to the first page). */
export function FilterBar({
  columns,
  opsByType,
  baseSearch,
  chips,
}: {
  columns: ColumnDef[];
  opsByType: Record<string, string[]>;
  baseSearch: string;
  chips: FilterChip[];
}) {
  const router = useRouter();
  const [columnName, setColumnName] = useState(columns[0]?.name ?? '');
  const column = columns.find((c) => c.name === columnName) ?? columns[0];
  const ops = [...opsByType[column.type], ...(column.nullable ? ['null', 'notnull'] : [])];
  const [op, setOp] = useState(ops[0]);
  const currentOp = ops.includes(op) ? op : ops[0];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('value') ?? '');
    const params = new URLSearchParams(baseSearch);
    params.append(
      'f',
      currentOp === 'null' || currentOp === 'notnull'
        ? `${column.name}:${currentOp}`
        : `${column.name}:${currentOp}:${value}`,
    );
    router.push(`?${params}`);
  }

  return (
    <div className="card" style={{ marginBottom: '0.75rem' }}>
      <form className="toolbar" onSubmit={submit} aria-label="Add a filter" style={{ margin: 0 }}>
        <label>
          Column
          <select value={column.name} onChange={(e) => setColumnName(e.target.value)}>
            {columns.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} ({c.type})
              </option>
            ))}
          </select>
        </label>
        <label>
          Condition
          <select value={currentOp} onChange={(e) => setOp(e.target.value)}>
            {ops.map((o) => (
              <option key={o} value={o}>
                {OP_LABELS[o]}
              </option>
            ))}
          </select>
        </label>
        {currentOp === 'last' ? (
          <label>
            Period
            <select name="value" defaultValue="24h">
              <option value="1h">hour</option>
              <option value="24h">day</option>
              <option value="7d">week</option>
              <option value="30d">30 days</option>
            </select>
          </label>
        ) : currentOp === 'is' ? (
          <label>
            Value
            <select name="value">
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          </label>
        ) : currentOp !== 'null' && currentOp !== 'notnull' ? (
          <label>
            Value
            <input name="value" placeholder={column.type === 'timestamp' ? '2026-11-26 14:30' : ''} />
          </label>
        ) : null}
        <button type="submit">Add filter</button>
      </form>
      {chips.length > 0 && (
        <ul
          className="toolbar"
          aria-label="Active filters"
          style={{ listStyle: 'none', padding: 0, margin: '0.5rem 0 0' }}
        >
          {chips.map((chip) => (
            <li key={chip.removeHref} className="pill">
              {chip.label}{' '}
              <a href={chip.removeHref} aria-label={`Remove filter ${chip.label}`}>
                ×
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
