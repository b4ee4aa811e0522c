/**
 * Reads a table view: one keyset page with its neighbours' cursors, the row count (exact below 50,000 rows,
 * otherwise the planner's estimate), an exact count on demand under a timeout, and the whole filtered view in
 * keyset batches for CSV export. Runs through the monitoring runner (bounded pool, statement timeout).
 */
import 'server-only';
import { z } from 'zod';
import { inRolledBackTransaction, query } from '../pg/client';
import { int } from '../pg/rows';
import { buildCountQuery, buildPageQuery } from './query-builder';
import { tableRowSchema } from './row-schema';
import { encodeCursor, type ViewState } from './view-state';

export type Row = Record<string, unknown>;

export interface Page {
  rows: Row[];
  hasPrevious: boolean;
  hasNext: boolean;
  previousCursor: string | null;
  nextCursor: string | null;
}

/** Below this many rows the count is exact; above it the planner's estimate is shown as such. */
export const EXACT_COUNT_LIMIT = 50_000;

function cursorOf(view: ViewState, row: Row): string {
  return encodeCursor(view.sort, row[view.sort.column.name] as never, row[view.table.primaryKey] as string | number);
}

async function existsBeyond(view: ViewState, row: Row, kind: 'before'): Promise<boolean> {
  const probe = buildPageQuery(
    {
      ...view,
      position: {
        kind,
        value: row[view.sort.column.name] as never,
        key: row[view.table.primaryKey] as string | number,
      },
    },
    1,
  );
  return (await query(tableRowSchema(view.table), probe.text, probe.values)).length > 0;
}

export async function fetchPage(view: ViewState): Promise<Page> {
  const built = buildPageQuery(view);
  const fetched = await query(tableRowSchema(view.table), built.text, built.values);
  const more = fetched.length > view.pageSize;
  const rows = fetched.slice(0, view.pageSize);
  if (built.reversed) rows.reverse();
  if (rows.length === 0)
    return {
      rows,
      hasPrevious: view.position.kind !== 'first',
      hasNext: false,
      previousCursor: null,
      nextCursor: null,
    };
  const first = rows[0];
  const last = rows[rows.length - 1];
  const kind = view.position.kind;
  // A page reached through a cursor has its cursor row on the other side; only "jump to time" must look.
  const hasNext = built.reversed ? kind === 'before' : more;
  const hasPrevious = built.reversed
    ? more
    : kind === 'after' || (kind === 'at' && (await existsBeyond(view, first, 'before')));
  return {
    rows,
    hasPrevious,
    hasNext,
    previousCursor: hasPrevious ? cursorOf(view, first) : null,
    nextCursor: hasNext ? cursorOf(view, last) : null,
  };
}

export interface RowCount {
  count: number;
  exact: boolean;
}

/** EXPLAIN (FORMAT JSON): one row whose json column holds the plan. */
const planRow = z.object({
  'QUERY PLAN': z.array(z.object({ Plan: z.object({ 'Plan Rows': z.number() }).loose() }).loose()).length(1),
});
const countRow = z.object({ count: int });

async function estimateRows(view: Pick<ViewState, 'table' | 'filters'>): Promise<number> {
  const counted = buildCountQuery(view);
  const filtered = counted.text.replace(/^SELECT count\(\*\) AS count/, 'SELECT 1');
  const [row] = await query(planRow, `EXPLAIN (FORMAT JSON) ${filtered}`, counted.values);
  return row['QUERY PLAN'][0].Plan['Plan Rows'];
}

export async function countRows(view: Pick<ViewState, 'table' | 'filters'>): Promise<RowCount> {
  const estimate = await estimateRows(view);
  if (estimate >= EXACT_COUNT_LIMIT) return { count: Math.round(estimate), exact: false };
  const counted = buildCountQuery(view);
  const [row] = await query(countRow, counted.text, counted.values);
  return { count: row.count, exact: true };
}

/** The exact count, whatever the size, under its own statement timeout (the "count exactly" button). */
export async function countMatchingRows(
  view: Pick<ViewState, 'table' | 'filters'>,
  timeoutMs: number,
): Promise<number> {
  const counted = buildCountQuery(view);
  return inRolledBackTransaction(
    timeoutMs,
    async (run) => (await run(countRow, counted.text, counted.values))[0].count,
  );
}

/** Every row of the filtered, sorted view, a batch at a time (keyset), so memory stays flat. */
export async function* streamRows(view: ViewState, batchSize = 1_000): AsyncGenerator<Row[]> {
  let position: ViewState['position'] = { kind: 'first' };
  for (;;) {
    const batchView = { ...view, position, pageSize: batchSize as ViewState['pageSize'] };
    const built = buildPageQuery(batchView, batchSize);
    const rows = await query(tableRowSchema(view.table), built.text, built.values);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    position = {
      kind: 'after',
      value: last[view.sort.column.name] as never,
      key: last[view.table.primaryKey] as string | number,
    };
  }
}
