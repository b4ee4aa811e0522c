/**
 * SQL for a table view: keyset (seek) pagination ordered by the sort column with the primary key breaking ties,
 * so every row appears exactly once however the pages are walked; never OFFSET. Identifiers come only from the
 * registry (quoted); every value is a bound parameter. Pure, so the SQL is unit-tested.
 */
import { findColumn, quoteIdentifier as q, type ColumnDef, type TableDef } from './registry';
import { TIME_PRESETS, type Filter, type ViewState } from './view-state';
import type { CellValue } from './values';

export interface BuiltQuery {
  text: string;
  values: unknown[];
}

class Parameters {
  readonly values: unknown[] = [];
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }
}

const CAST: Record<ColumnDef['type'], string | undefined> = {
  integer: 'int',
  decimal: 'numeric',
  text: undefined,
  timestamp: 'timestamp',
  boolean: 'boolean',
  jsonb: 'jsonb',
};

/** LIKE patterns: the user's text is matched literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filterSql(table: TableDef, filter: Filter, params: Parameters): string {
  const column = findColumn(table, filter.column)!;
  const c = q(column.name);
  switch (filter.op) {
    case 'eq':
      return `${c} = ${params.add(column.type === 'integer' ? Number(filter.value) : filter.value, CAST[column.type])}`;
    case 'contains':
      return `${c} ILIKE '%' || ${params.add(escapeLike(filter.value))} || '%'`;
    case 'prefix':
      return `${c} LIKE ${params.add(escapeLike(filter.value))} || '%'`;
    case 'gte':
      return `${c} >= ${params.add(filter.value, CAST[column.type])}`;
    case 'lte':
      return `${c} <= ${params.add(filter.value, CAST[column.type])}`;
    case 'is':
      return `${c} = ${params.add(filter.value, 'boolean')}`;
    case 'last':
      // TIMESTAMP WITHOUT TIME ZONE columns hold the server's local time (DEFAULT NOW()), so compare with localtimestamp.
      return `${c} >= localtimestamp - ${params.add(TIME_PRESETS[filter.value], 'interval')}`;
    case 'null':
      return `${c} IS NULL`;
    case 'notnull':
      return `${c} IS NOT NULL`;
    case 'has':
      return `${c} ? ${params.add(filter.value)}`;
    case 'keyeq':
      return `${c} ->> ${params.add(filter.key)} = ${params.add(filter.value)}`;
    case 'jsoncontains':
      return `${c} @> ${params.add(filter.value, 'jsonb')}`;
  }
}

export function whereFilters(table: TableDef, filters: readonly Filter[], params: Parameters): string[] {
  return filters.map((filter) => filterSql(table, filter, params));
}

interface ScanOrder {
  direction: 'asc' | 'desc';
  /** Display order always puts NULLs last; a reversed scan (previous / last page) puts them first. */
  nullsLast: boolean;
}

/**
 * Qualified with the table name: in ORDER BY a bare name would mean the output column, and timestamps are
 * selected as text under their own name — sorting that text would be correct but could not use the index.
 */
function orderBy(view: ViewState, scan: ScanOrder): string {
  const { column } = view.sort;
  const table = q(view.table.name);
  const nulls = column.nullable ? (scan.nullsLast ? ' NULLS LAST' : ' NULLS FIRST') : '';
  const direction = scan.direction.toUpperCase();
  return `ORDER BY ${table}.${q(column.name)} ${direction}${nulls}, ${table}.${q(view.table.primaryKey)} ${direction}`;
}

/** Rows strictly after (value, key) in the scan order. */
function seekSql(view: ViewState, scan: ScanOrder, value: CellValue, key: string | number, params: Parameters): string {
  const column = view.sort.column;
  const keyColumn = findColumn(view.table, view.table.primaryKey)!;
  const c = q(column.name);
  const pk = q(keyColumn.name);
  const op = scan.direction === 'asc' ? '>' : '<';
  const k = params.add(key, CAST[keyColumn.type]);
  if (value === null) {
    const sameNull = `(${c} IS NULL AND ${pk} ${op} ${k})`;
    return scan.nullsLast ? sameNull : `(${sameNull} OR ${c} IS NOT NULL)`;
  }
  const v = params.add(value, CAST[column.type]);
  if (!column.nullable) return `(${c}, ${pk}) ${op} (${v}, ${k})`;
  const after = `(${c} ${op} ${v} OR (${c} = ${v} AND ${pk} ${op} ${k}))`;
  return scan.nullsLast ? `(${after} OR ${c} IS NULL)` : after;
}

/** Columns as the browser shows them: timestamps as text with microseconds, so cursors round-trip exactly. */
export function selectList(table: TableDef): string {
  return table.columns
    .map((column) =>
      column.type === 'timestamp'
        ? `to_char(${q(column.name)}, 'YYYY-MM-DD HH24:MI:SS.US') AS ${q(column.name)}`
        : q(column.name),
    )
    .join(', ');
}

export interface PageQuery extends BuiltQuery {
  /** Rows come back in reverse display order and must be reversed (previous and last pages). */
  reversed: boolean;
}

/** One page plus one extra row, which tells whether there is more in the scan direction. */
export function buildPageQuery(view: ViewState, limit = view.pageSize + 1): PageQuery {
  const params = new Parameters();
  const display: ScanOrder = { direction: view.sort.direction, nullsLast: true };
  const reversedScan: ScanOrder = { direction: display.direction === 'asc' ? 'desc' : 'asc', nullsLast: false };
  const reversed = view.position.kind === 'before' || view.position.kind === 'last';
  const scan = reversed ? reversedScan : display;
  const conditions = whereFilters(view.table, view.filters, params);
  const position = view.position;
  if (position.kind === 'after' || position.kind === 'before')
    conditions.push(seekSql(view, scan, position.value, position.key, params));
  if (position.kind === 'at') {
    const c = q(view.sort.column.name);
    const bound = `${c} ${display.direction === 'asc' ? '>=' : '<='} ${params.add(position.value, 'timestamp')}`;
    conditions.push(view.sort.column.nullable ? `(${bound} OR ${c} IS NULL)` : bound);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const text = `SELECT ${selectList(view.table)} FROM ${q(view.table.name)} ${where} ${orderBy(view, scan)} LIMIT ${params.add(limit, 'int')}`;
  return { text: text.replace(/\s+/g, ' ').trim(), values: params.values, reversed };
}

/** count(*) of the filtered view (for exact counts) — and the same WHERE for the planner's estimate. */
export function buildCountQuery(view: Pick<ViewState, 'table' | 'filters'>): BuiltQuery {
  const params = new Parameters();
  const conditions = whereFilters(view.table, view.filters, params);
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  return { text: `SELECT count(*) AS count FROM ${q(view.table.name)}${where}`, values: params.values };
}

export { Parameters };
