'use client';
import { useState } from 'react';
import type { ColumnDef } from '@/lib/tables/registry';

type Row = Record<string, unknown>;

export interface HeaderLink {
  column: ColumnDef;
  href: string;
  sort?: 'ascending' | 'descending';
}

function Cell({ value, column }: { value: unknown; column: ColumnDef }) {
  if (value === null || value === undefined) return <span className="stat-detail">null</span>;
  if (column.type === 'jsonb') return <code className="cell-json">{JSON.stringify(value)}</code>;
  return <>{String(value)}</>;
}

/** The page's rows; "Open" shows every column of a row in a drawer, JSON pretty-printed and collapsible. */
export function RowsTable({ headers, rows, primaryKey }: { headers: HeaderLink[]; rows: Row[]; primaryKey: string }) {
  const [open, setOpen] = useState<Row | null>(null);
  const [copied, setCopied] = useState(false);
  const allColumns = headers.map((h) => h.column);
  return (
    <>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="browser-rows">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Row</span>
              </th>
              {headers.map((header) => (
                <th
                  key={header.column.name}
                  scope="col"
                  aria-sort={header.sort}
                  className={header.column.type === 'integer' || header.column.type === 'decimal' ? 'num' : undefined}
                >
                  <a href={header.href}>
                    {header.column.name}
                    {header.sort === 'ascending' ? ' ▲' : header.sort === 'descending' ? ' ▼' : ''}
                  </a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row[primaryKey])} data-key={String(row[primaryKey])}>
                <td>
                  <button type="button" onClick={() => setOpen(row)} aria-label={`Open row ${String(row[primaryKey])}`}>
                    Open
                  </button>
                </td>
                {headers.map((header) => (
                  <td
                    key={header.column.name}
                    className={header.column.type === 'integer' || header.column.type === 'decimal' ? 'num' : undefined}
                  >
                    <Cell value={row[header.column.name]} column={header.column} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && (
        <div className="drawer" role="dialog" aria-modal="false" aria-labelledby="drawer-heading">
          <div className="toolbar" style={{ justifyContent: 'space-between' }}>
            <h2 id="drawer-heading" style={{ margin: 0 }}>
              {primaryKey} {String(open[primaryKey])}
            </h2>
            <span className="toolbar" style={{ margin: 0 }}>
              <button
                type="button"
                onClick={async () => {
                  await navigator.clipboard.writeText(JSON.stringify(open, null, 2));
                  setCopied(true);
                  setTimeout(() => setCopied(false), 2_000);
                }}
              >
                {copied ? 'Copied' : 'Copy as JSON'}
              </button>
              <button type="button" onClick={() => setOpen(null)} autoFocus>
                Close
              </button>
            </span>
          </div>
          <dl className="facts" data-testid="row-drawer">
            {allColumns.map((column) => (
              <div key={column.name} style={{ display: 'contents' }}>
                <dt>{column.name}</dt>
                <dd>
                  {column.type === 'jsonb' && open[column.name] !== null ? (
                    <details open>
                      <summary>JSON</summary>
                      <pre className="query-text">{JSON.stringify(open[column.name], null, 2)}</pre>
                    </details>
                  ) : (
                    <Cell value={open[column.name]} column={column} />
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </>
  );
}
