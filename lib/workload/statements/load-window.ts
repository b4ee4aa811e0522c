/**
 * What /queries shows for a window, in as few passes over the history as it can: the ranking (its totals in the same
 * query), the stacked chart's top statements — the ranking's first rows when it is ranked by time from the top —
 * and one time series holding both the page's sparklines and the chart's lines. bench/statement-history.ts measured
 * the page at five aggregations of the window before; it is two (three when ranked by another figure).
 */
import 'server-only';
import type { TimeWindow } from '../window';
import { STACKED_STATEMENTS } from './chart-rows';
import {
  loadTimeSeries,
  rankStatementsInWindow,
  type TimeShareSeries,
  type WindowCursor,
  type WindowOrder,
  type WindowRanking,
  type WindowStatement,
} from './history';

export interface StatementWindow {
  ranking: WindowRanking;
  /** The window's top statements by time, for the stacked chart. */
  top: WindowStatement[];
  /** Every statement of the page and of `top`, and "other" for all the rest. */
  series: TimeShareSeries;
}

export async function loadStatementWindow(
  target: string,
  window: TimeWindow,
  order: WindowOrder,
  cursor: WindowCursor | null,
): Promise<StatementWindow> {
  const ranking = await rankStatementsInWindow(target, window, order, cursor);
  const top =
    order === 'total' && cursor === null
      ? ranking.rows.slice(0, STACKED_STATEMENTS)
      : (await rankStatementsInWindow(target, window, 'total', null, STACKED_STATEMENTS)).rows;
  const ids = [...new Set([...ranking.rows, ...top].map((row) => row.queryId))];
  return { ranking, top, series: await loadTimeSeries(target, window, ids, true) };
}
