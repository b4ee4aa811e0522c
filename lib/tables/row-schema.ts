/**
 * The row schema of each application table, derived from its registry columns (./registry.ts): the browser's and
 * the CSV export's rows are parsed with it (lib/pg/rows.ts) like every other result.
 */
import { z } from 'zod';
import { bool, decimalText, int, json, text } from '../pg/rows';
import { TABLE_NAMES, TABLES, type ColumnType, type TableDef, type TableName } from './registry';

/**
 * A DECIMAL cell stays its exact text, as stored (the browser shows it and its cursors send it back); timestamps
 * arrive as text because query-builder.ts selects them with to_char, microseconds included, for the same reason.
 */
const CELL: Record<ColumnType, z.ZodType> = {
  integer: int,
  decimal: decimalText,
  text,
  timestamp: text,
  boolean: bool,
  jsonb: json,
};

export type TableRowSchema = z.ZodType<Record<string, unknown>>;

function schemaOf(table: TableDef): TableRowSchema {
  return z.object(
    Object.fromEntries(
      table.columns.map((column) => [column.name, column.nullable ? CELL[column.type].nullable() : CELL[column.type]]),
    ),
  );
}

const SCHEMAS = Object.fromEntries(TABLE_NAMES.map((name) => [name, schemaOf(TABLES[name])])) as Record<
  TableName,
  TableRowSchema
>;

export function tableRowSchema(table: TableDef): TableRowSchema {
  return SCHEMAS[table.name];
}
