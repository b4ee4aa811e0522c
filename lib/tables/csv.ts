/**
 * CSV (RFC 4180) for exports: JSON values as compact JSON text, NULL as an empty field. Text that a spreadsheet
 * would run as a formula — a cell beginning with =, +, -, @, a tab or a carriage return — is neutralised with a
 * leading single quote, as OWASP recommends for CSV injection ("CSV Injection", owasp.org); a plain number such as
 * -5 or +1.5 is left as it is, since it is no formula.
 */
import type { TableDef } from './registry';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The text of a cell as a spreadsheet will read it safely. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = neutralizeFormula(typeof value === 'object' ? JSON.stringify(value) : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function csvHeader(table: TableDef, columns: readonly string[] = table.columns.map((c) => c.name)): string {
  return csvLine([...columns]);
}
