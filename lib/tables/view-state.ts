/**
 * A table view's state — sort, filters, page cursor, page size, hidden columns — lives in the URL so a link
 * reproduces it. This module parses search parameters into a typed ViewState (or a TableInputError that says what
 * is wrong) and writes a ViewState back to parameters. Pure: used by pages, the export route and tests.
 */
import { z } from 'zod';
import { findColumn, type ColumnDef, type TableDef } from './registry';
import { assertPlainText, isValueOfType, parseTimestamp, parseValue, TableInputError, type CellValue } from './values';

export const PAGE_SIZES = [50, 100, 500] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** Presets of the "last …" timestamp filter; the interval text comes from here, never from input. */
export const TIME_PRESETS = { '1h': '1 hour', '24h': '24 hours', '7d': '7 days', '30d': '30 days' } as const;
export type TimePreset = keyof typeof TIME_PRESETS;

export type Filter =
  | { column: string; op: 'eq' | 'contains' | 'prefix'; value: string }
  | { column: string; op: 'gte' | 'lte'; value: CellValue }
  | { column: string; op: 'is'; value: boolean }
  | { column: string; op: 'last'; value: TimePreset }
  | { column: string; op: 'null' | 'notnull' }
  | { column: string; op: 'has'; value: string }
  | { column: string; op: 'keyeq'; key: string; value: string }
  | { column: string; op: 'jsoncontains'; value: string };

export type FilterOp = Filter['op'];

/** Which operators each column type offers, in the order the UI lists them. */
export const OPS_BY_TYPE: Record<ColumnDef['type'], FilterOp[]> = {
  text: ['eq', 'contains', 'prefix'],
  integer: ['eq', 'gte', 'lte'],
  decimal: ['gte', 'lte'],
  timestamp: ['gte', 'lte', 'last'],
  boolean: ['is'],
  jsonb: ['has', 'keyeq', 'jsoncontains'],
};

export type PagePosition =
  | { kind: 'first' }
  | { kind: 'last' }
  | { kind: 'after' | 'before'; value: CellValue; key: string | number }
  | { kind: 'at'; value: string };

export interface ViewState {
  table: TableDef;
  sort: { column: ColumnDef; direction: 'asc' | 'desc' };
  filters: Filter[];
  position: PagePosition;
  pageSize: PageSize;
  hidden: string[];
}

export type SearchParams = Record<string, string | string[] | undefined>;

const all = (params: SearchParams, name: string): string[] => {
  const value = params[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};
const one = (params: SearchParams, name: string): string | undefined => {
  const values = all(params, name);
  if (values.length > 1) throw new TableInputError(`The parameter "${name}" appears more than once.`);
  return values[0];
};

function columnOrThrow(table: TableDef, name: string, purpose: string): ColumnDef {
  const column = findColumn(table, name);
  if (!column)
    throw new TableInputError(
      `${table.name} has no column "${assertPlainText(name, 'The column name', 100).slice(0, 60)}" to ${purpose}.`,
    );
  return column;
}

/** f=<column>:<op>:<value> (the value may itself contain colons). */
function parseFilter(table: TableDef, raw: string): Filter {
  const [name = '', op = '', ...rest] = raw.split(':');
  const value = rest.join(':');
  const column = columnOrThrow(table, name, 'filter on');
  const what = `The filter on ${column.name}`;
  if (op === 'null' || op === 'notnull') {
    if (!column.nullable)
      throw new TableInputError(
        `${column.name} is never empty (NOT NULL), so it cannot be filtered on ${op === 'null' ? 'being' : 'not being'} empty.`,
      );
    return { column: column.name, op };
  }
  if (!(OPS_BY_TYPE[column.type] as string[]).includes(op)) {
    throw new TableInputError(
      `"${op.slice(0, 20)}" is not a filter for ${column.type} column ${column.name}; use one of ${OPS_BY_TYPE[column.type].join(', ')}.`,
    );
  }
  switch (op) {
    case 'eq':
      return { column: column.name, op: 'eq', value: String(parseValue(column.type, value, what)) };
    case 'contains':
    case 'prefix':
      if (value === '') throw new TableInputError(`${what} needs some text.`);
      return { column: column.name, op, value: assertPlainText(value, what) };
    case 'gte':
    case 'lte':
      return { column: column.name, op, value: parseValue(column.type, value, what) };
    case 'is':
      return { column: column.name, op: 'is', value: parseValue('boolean', value, what) as boolean };
    case 'last':
      if (!(value in TIME_PRESETS))
        throw new TableInputError(`${what}: "last" takes one of ${Object.keys(TIME_PRESETS).join(', ')}.`);
      return { column: column.name, op: 'last', value: value as TimePreset };
    case 'has':
      if (value === '') throw new TableInputError(`${what} needs a key name.`);
      return { column: column.name, op: 'has', value: assertPlainText(value, what, 200) };
    case 'keyeq': {
      const separator = value.indexOf('=');
      if (separator <= 0) throw new TableInputError(`${what} must look like key=value.`);
      return {
        column: column.name,
        op: 'keyeq',
        key: assertPlainText(value.slice(0, separator), what, 200),
        value: assertPlainText(value.slice(separator + 1), what),
      };
    }
    case 'jsoncontains': {
      assertPlainText(value, what, 2000);
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        throw new TableInputError(`${what} must be JSON, for example {"model":"gpt-4o"}.`);
      }
      if (typeof parsed !== 'object' || parsed === null)
        throw new TableInputError(`${what} must be a JSON object or array.`);
      return { column: column.name, op: 'jsoncontains', value: JSON.stringify(parsed) };
    }
    default:
      throw new TableInputError(`"${op.slice(0, 20)}" is not a known filter.`);
  }
}

const cursorSchema = z.object({
  s: z.string(),
  d: z.enum(['asc', 'desc']),
  v: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  k: z.union([z.string(), z.number()]),
});

export function encodeCursor(sort: ViewState['sort'], value: CellValue, key: string | number): string {
  return Buffer.from(JSON.stringify({ s: sort.column.name, d: sort.direction, v: value, k: key })).toString(
    'base64url',
  );
}

function decodeCursor(
  table: TableDef,
  sort: ViewState['sort'],
  raw: string,
): { value: CellValue; key: string | number } {
  const invalid = new TableInputError('The page link is damaged or was edited; go back to the first page.');
  if (!/^[A-Za-z0-9_-]{1,4000}$/.test(raw)) throw invalid;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) throw invalid;
  const { s, d, v, k } = parsed.data;
  if (s !== sort.column.name || d !== sort.direction)
    throw new TableInputError('The page link belongs to a different sort order; go back to the first page.');
  const keyColumn = columnOrThrow(table, table.primaryKey, 'page by');
  const valueOk = v === null ? sort.column.nullable : isValueOfType(sort.column.type, v);
  if (!valueOk || !isValueOfType(keyColumn.type, k)) throw invalid;
  return { value: v, key: k };
}

export function parseViewState(table: TableDef, params: SearchParams): ViewState {
  const sortName = one(params, 'sort') ?? table.defaultSort.column;
  const column = columnOrThrow(table, sortName, 'sort by');
  if (column.type === 'jsonb') throw new TableInputError(`${column.name} is JSONB and cannot be sorted.`);
  const dirRaw = one(params, 'dir') ?? (sortName === table.defaultSort.column ? table.defaultSort.direction : 'asc');
  if (dirRaw !== 'asc' && dirRaw !== 'desc') throw new TableInputError('The sort direction must be asc or desc.');
  const sort = { column, direction: dirRaw } as const;

  const sizeRaw = one(params, 'size') ?? '50';
  const pageSize = Number(sizeRaw);
  if (!(PAGE_SIZES as readonly number[]).includes(pageSize))
    throw new TableInputError(`The page size must be ${PAGE_SIZES.join(', ')} (got "${sizeRaw.slice(0, 20)}").`);

  const filters = all(params, 'f').map((raw) => parseFilter(table, raw));
  if (filters.length > 20) throw new TableInputError('At most 20 filters at once.');

  const after = one(params, 'after');
  const before = one(params, 'before');
  const at = one(params, 'at');
  const last = one(params, 'last');
  if ([after, before, at, last].filter((v) => v !== undefined).length > 1)
    throw new TableInputError('Give only one of after, before, at and last.');
  let position: PagePosition = { kind: 'first' };
  if (after !== undefined) position = { kind: 'after', ...decodeCursor(table, sort, after) };
  if (before !== undefined) position = { kind: 'before', ...decodeCursor(table, sort, before) };
  if (last !== undefined) position = { kind: 'last' };
  if (at !== undefined) {
    if (column.type !== 'timestamp')
      throw new TableInputError('"Jump to time" works when the table is sorted by a timestamp column.');
    position = { kind: 'at', value: parseTimestamp(at, 'The time to jump to') };
  }

  const hidden = (one(params, 'hide') ?? '')
    .split(',')
    .filter(Boolean)
    .map((name) => columnOrThrow(table, name, 'hide').name);
  return { table, sort, filters, position, pageSize: pageSize as PageSize, hidden };
}

/** Writes a view back to URL parameters; `position` and anything in `changes` override the view's own. */
export function toSearchParams(
  view: ViewState,
  changes: {
    position?: PagePosition | { kind: 'after' | 'before'; cursor: string };
    sort?: { column: string; direction: 'asc' | 'desc' };
    pageSize?: number;
    hidden?: string[];
    filters?: string[];
  } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  const sort = changes.sort ?? { column: view.sort.column.name, direction: view.sort.direction };
  params.set('sort', sort.column);
  params.set('dir', sort.direction);
  params.set('size', String(changes.pageSize ?? view.pageSize));
  for (const filter of changes.filters ?? view.filters.map(filterToParam)) params.append('f', filter);
  const hidden = changes.hidden ?? view.hidden;
  if (hidden.length) params.set('hide', hidden.join(','));
  const position = changes.position;
  if (position?.kind === 'after' || position?.kind === 'before') {
    if ('cursor' in position) params.set(position.kind, position.cursor);
  } else if (position?.kind === 'last') params.set('last', '1');
  else if (position?.kind === 'at') params.set('at', position.value);
  return params;
}

export function filterToParam(filter: Filter): string {
  switch (filter.op) {
    case 'null':
    case 'notnull':
      return `${filter.column}:${filter.op}`;
    case 'keyeq':
      return `${filter.column}:keyeq:${filter.key}=${filter.value}`;
    default:
      return `${filter.column}:${filter.op}:${filter.value === null ? '' : String(filter.value)}`;
  }
}
