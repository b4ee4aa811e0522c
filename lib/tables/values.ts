/**
 * Parsing of values typed into the browser (filters, cursors, jump-to-time) per column type. Every failure is a
 * TableInputError with a message that says what is wrong; nothing here throws anything else.
 */
import type { ColumnType } from './registry';

export class TableInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableInputError';
  }
}

export type CellValue = string | number | boolean | null;

const INT4_MIN = -2_147_483_648;
const INT4_MAX = 2_147_483_647;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?Z?$/;

/** Control characters and broken UTF-16 cannot be stored or compared meaningfully: refuse them up front. */
export function assertPlainText(value: string, what: string, maxLength = 500): string {
  if (value.length > maxLength) throw new TableInputError(`${what} is longer than ${maxLength} characters.`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value))
    throw new TableInputError(`${what} contains a control character.`);
  if (!value.isWellFormed()) throw new TableInputError(`${what} contains an invalid Unicode sequence.`);
  return value;
}

/** Normalizes a timestamp to PostgreSQL's text form with microseconds: 2026-11-26 14:03:00.000000. */
export function parseTimestamp(raw: string, what: string): string {
  const match = TIMESTAMP.exec(raw.trim());
  if (!match)
    throw new TableInputError(`${what} must be a date and time like 2026-11-26 14:30 (got "${raw.slice(0, 40)}").`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = ''] = match;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  const valid =
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(mo) - 1 &&
    date.getUTCDate() === Number(d) &&
    Number(h) < 24 &&
    Number(mi) < 60 &&
    Number(s) < 60;
  if (!valid) throw new TableInputError(`${what} is not a real date and time ("${raw.slice(0, 40)}").`);
  return `${y}-${mo}-${d} ${h}:${mi}:${s}.${fraction.padEnd(6, '0')}`;
}

export function parseValue(type: ColumnType, raw: string, what: string): CellValue {
  switch (type) {
    case 'integer': {
      if (!/^-?\d{1,10}$/.test(raw))
        throw new TableInputError(`${what} must be a whole number (got "${raw.slice(0, 40)}").`);
      const value = Number(raw);
      if (value < INT4_MIN || value > INT4_MAX) throw new TableInputError(`${what} is outside the integer range.`);
      return value;
    }
    case 'decimal':
      if (!/^-?\d{1,10}(\.\d{1,4})?$/.test(raw))
        throw new TableInputError(`${what} must be a number with at most 4 decimals (got "${raw.slice(0, 40)}").`);
      return raw;
    case 'timestamp':
      return parseTimestamp(raw, what);
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw new TableInputError(`${what} must be true or false.`);
      return raw === 'true';
    case 'text':
      return assertPlainText(raw, what);
    case 'jsonb':
      throw new TableInputError(`${what}: JSONB columns are filtered with "has key", "key equals" or "contains".`);
  }
}

/** Checks a value that came back inside a cursor: it must have the column type's JavaScript shape. */
export function isValueOfType(type: ColumnType, value: unknown): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value) && (value as number) >= INT4_MIN && (value as number) <= INT4_MAX;
    case 'decimal':
      return typeof value === 'string' && /^-?\d{1,10}(\.\d{1,4})?$/.test(value);
    case 'timestamp':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/.test(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'text':
      return typeof value === 'string' && value.length <= 1000 && value.isWellFormed();
    case 'jsonb':
      return false;
  }
}
