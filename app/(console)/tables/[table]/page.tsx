import { FilterBar } from '@/components/tables/filter-bar';
import { RowCount } from '@/components/tables/row-count';
import { RowsTable } from '@/components/tables/rows-table';
import { TableTabs } from '@/components/tables/table-tabs';
import { requirePageRole } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { toAppError } from '@/lib/pg/sqlstate';
import { countRows, fetchPage } from '@/lib/tables/browse';
import { notFound } from 'next/navigation';
import { onTableReadTarget } from '@/lib/tables/read-route';
import { isTableName } from '@/lib/tables/registry';
import { resolveTable, resolveView } from '@/lib/tables/resolve-view';
import {
  filterToParam,
  OPS_BY_TYPE,
  PAGE_SIZES,
  toSearchParams,
  type SearchParams,
  type ViewState,
} from '@/lib/tables/view-state';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ table: string }> }) {
  return { title: `${(await params).table.slice(0, 60)} · Halcytone DB Console` };
}

function ViewError({ message }: { message: string }) {
  return (
    <p className="notice error" role="alert" data-testid="view-error">
      {message} <a href="?">Reset the view</a>
    </p>
  );
}

export default async function TableBrowserPage({
  params,
  searchParams,
}: {
  params: Promise<{ table: string }>;
  searchParams: Promise<SearchParams>;
}) {
  await requirePageRole('viewer');
  const name = (await params).table;
  if (!isTableName(name)) notFound();
  const table = resolveTable(name);
  let view: ViewState;
  try {
    view = resolveView(name, await searchParams);
  } catch (error) {
    return (
      <>
        <h1>{table.name}</h1>
        <ViewError message={error instanceof AppError ? error.userMessage : 'The view could not be read.'} />
      </>
    );
  }
  let page, count, route;
  try {
    [page, count, route] = await onTableReadTarget(
      async (route) => [...(await Promise.all([fetchPage(view), countRows(view)])), route] as const,
    );
  } catch (error) {
    return (
      <>
        <h1>{table.name}</h1>
        <ViewError message={toAppError(error).userMessage} />
      </>
    );
  }
  const href = (changes: Parameters<typeof toSearchParams>[1] = {}) => `?${toSearchParams(view, changes)}`;
  const currentFilters = view.filters.map(filterToParam);
  const visible = table.columns.filter((c) => !view.hidden.includes(c.name));
  const sortColumn = view.sort.column;
  const search = toSearchParams(view).toString();
  return (
    <>
      <h1>{table.name}</h1>
      <p className="stat-detail">{table.description} — the guide&apos;s table, read-only here.</p>
      <p className="stat-detail" data-testid="read-route">
        {route.description}
      </p>
      {route.warning && (
        <p className="notice" role="status">
          {route.warning}
        </p>
      )}
      <TableTabs table={table.name} current="browse" />
      <FilterBar
        columns={[...table.columns]}
        opsByType={OPS_BY_TYPE}
        baseSearch={toSearchParams(view).toString()}
        chips={currentFilters.map((filter, index) => ({
          label: filter.replace(/:/g, ' '),
          removeHref: href({ filters: currentFilters.filter((_, i) => i !== index) }),
        }))}
      />
      <div className="toolbar">
        <RowCount table={table.name} search={search} count={count.count} exact={count.exact} />
        <span data-testid="sort-hint">
          Sorted by {sortColumn.name} {view.sort.direction}
          {sortColumn.indexed
            ? ' (uses an index)'
            : ' — no index on this column: slow on large tables (reads and sorts every row)'}
        </span>
        {view.filters
          .filter(
            (filter, index, all) =>
              !table.columns.find((c) => c.name === filter.column)?.indexed &&
              all.findIndex((f) => f.column === filter.column) === index,
          )
          .map((filter) => (
            <span key={filter.column} data-testid="filter-hint">
              No index on {filter.column}: this filter reads the whole table.
            </span>
          ))}
        <a href={`/api/tables/${table.name}/export?${toSearchParams(view)}`} download>
          Export CSV
        </a>
      </div>
      <details className="toolbar">
        <summary>Columns</summary>
        {table.columns.map((column) => {
          const hidden = view.hidden.includes(column.name);
          const next = hidden ? view.hidden.filter((h) => h !== column.name) : [...view.hidden, column.name];
          return (
            <a key={column.name} className="pill" href={href({ hidden: next })}>
              {hidden ? `show ${column.name}` : `hide ${column.name}`}
            </a>
          );
        })}
      </details>
      {page.rows.length === 0 ? (
        <p className="notice">{view.filters.length ? 'No rows match these filters.' : 'This table is empty.'}</p>
      ) : (
        <RowsTable
          primaryKey={table.primaryKey}
          rows={page.rows}
          headers={visible.map((column) => ({
            column,
            href:
              column.type === 'jsonb'
                ? '#'
                : href({
                    sort: {
                      column: column.name,
                      direction: column.name === sortColumn.name && view.sort.direction === 'asc' ? 'desc' : 'asc',
                    },
                  }),
            sort:
              column.name === sortColumn.name
                ? view.sort.direction === 'asc'
                  ? 'ascending'
                  : 'descending'
                : undefined,
          }))}
        />
      )}
      <nav className="pager" aria-label="Pages">
        <a href={href({ position: { kind: 'first' } })} aria-disabled={!page.hasPrevious}>
          First
        </a>
        <a
          href={page.previousCursor ? href({ position: { kind: 'before', cursor: page.previousCursor } }) : '#'}
          aria-disabled={!page.previousCursor}
          rel="prev"
        >
          Previous
        </a>
        <a
          href={page.nextCursor ? href({ position: { kind: 'after', cursor: page.nextCursor } }) : '#'}
          aria-disabled={!page.nextCursor}
          rel="next"
        >
          Next
        </a>
        <a href={href({ position: { kind: 'last' } })} aria-disabled={!page.hasNext}>
          Last
        </a>
        <span>Rows per page:</span>
        {PAGE_SIZES.map((size) => (
          <a key={size} href={href({ pageSize: size })} aria-current={size === view.pageSize ? 'page' : undefined}>
            {size}
          </a>
        ))}
        {sortColumn.type === 'timestamp' && (
          <form method="get" className="toolbar" style={{ margin: 0 }}>
            {[...toSearchParams(view).entries()].map(([key, value], index) => (
              <input key={index} type="hidden" name={key} value={value} />
            ))}
            <label>
              Jump to time
              <input name="at" placeholder="2026-11-26 14:30" />
            </label>
            <button type="submit">Go</button>
          </form>
        )}
      </nav>
    </>
  );
}
