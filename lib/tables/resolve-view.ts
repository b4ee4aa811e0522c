/**
 * Turns a route's table name and search parameters into a ViewState, or an AppError('invalid_input' / 'not_found')
 * whose message says what is wrong — the one entry point for pages, the export route and actions.
 */
import { AppError } from '../errors';
import { isTableName, TABLES, type TableDef } from './registry';
import { TableInputError } from './values';
import { parseViewState, type SearchParams, type ViewState } from './view-state';

export function resolveTable(name: string): TableDef {
  if (!isTableName(name))
    throw new AppError(
      'not_found',
      `There is no table browser for "${name.slice(0, 60)}"; choose one of the six application tables.`,
    );
  return TABLES[name];
}

export function resolveView(name: string, params: SearchParams): ViewState {
  const table = resolveTable(name);
  try {
    return parseViewState(table, params);
  } catch (error) {
    if (error instanceof TableInputError) throw new AppError('invalid_input', error.message);
    throw error;
  }
}

export function searchParamsToRecord(params: URLSearchParams): SearchParams {
  const record: SearchParams = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    record[key] = values.length === 1 ? values[0] : values;
  }
  return record;
}
