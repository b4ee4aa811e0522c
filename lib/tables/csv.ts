/** CSV (RFC 4180) for exports: JSON values as compact JSON text, NULL as an empty field. */
import type { TableDef } from './registry';

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function csvHeader(table: TableDef, columns: readonly string[] = table.columns.map((c) => c.name)): string {
  return csvLine([...columns]);
}
