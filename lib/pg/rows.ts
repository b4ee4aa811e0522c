// Not 'server-only': scripts/ loads it too (tsx, outside Next.js), where that import throws.
/**
 * Row parsers: what node-postgres returns, turned into what the console computes with. Every raw SQL result is
 * parsed with a row schema built from these columns (lib/pg/client.ts), so a value of the wrong kind stops at the
 * lib boundary with the column's name instead of reaching a component as, say, a string where a number belongs.
 *
 * What pg's default type parsers (pg-types) return: int2, int4 and oid as numbers; float4 and float8 as numbers
 * (NaN and ±Infinity included); int8 (count(*), sum() of integers, the pg_stat_* counters), numeric (avg(), sum()
 * of numerics, anything divided by 10.0), xid and pg_lsn as strings, since they may not fit a JavaScript number
 * exactly; bool as boolean; timestamp and timestamptz as Date; json and jsonb parsed; text[] as string[].
 *
 * Conventions: a figure the console computes with is a `number` (`int` or `float`); a value that can pass 2^53
 * (an LSN position, a sequence's last value when compared exactly) is a `bigint`; a point in time is a `Date`
 * (`timestamp`). Timestamps WITHOUT time zone that the server formats itself with to_char (the application
 * tables, the browser's cursors) stay text: they have no zone to convert, and the text round-trips exactly.
 */
import type pg from 'pg';
import { z } from 'zod';
import { AppError } from '../errors';

/** A short, safe description of a value for error messages. */
function describe(value: unknown): string {
  if (value === undefined) return 'no value (the column is missing)';
  if (value === null) return 'NULL';
  if (value instanceof Date) return `a date (${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return `${typeof value} ${String(value)}`;
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

/** A column parser: `parse` returns undefined when the value is not acceptable, and the issue says what was expected. */
function column<T>(expected: string, parse: (value: unknown) => T | undefined) {
  return z.unknown().transform((value, ctx): T => {
    const parsed = parse(value);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${describe(value)}` });
      return z.NEVER;
    }
    return parsed;
  });
}

// numeric's and float8's text forms: digits, an optional fraction, an optional exponent. Not 'NaN' or 'Infinity'.
const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER_TEXT = /^[+-]?\d+$/;

/** int2/int4/int8/numeric with no fraction, as a number; refuses what a number cannot hold exactly (> 2^53). */
export const int = column('a whole number below 2^53', (value) => {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && INTEGER_TEXT.test(value)
        ? Number(value)
        : undefined;
  return number !== undefined && Number.isSafeInteger(number) ? number : undefined;
});

/** float4/float8/numeric/int8 as a finite number; NaN and ±Infinity are refused (no figure is either). */
export const float = column('a finite number', (value) => {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && DECIMAL_TEXT.test(value)
        ? Number(value)
        : undefined;
  return number !== undefined && Number.isFinite(number) ? number : undefined;
});

/** int8 (or a whole numeric) that may pass 2^53, exactly. */
export const bigint = column('a whole number', (value) => {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  return typeof value === 'string' && INTEGER_TEXT.test(value) ? BigInt(value) : undefined;
});

/**
 * numeric kept as its exact text (checked to be a number, not 'NaN' or 'Infinity'): for values shown and sent back
 * as they are stored — the table browser's DECIMAL cells and its cursors — rather than computed with.
 */
export const decimalText = column('a decimal number', (value) =>
  typeof value === 'string' && DECIMAL_TEXT.test(value) ? value : undefined,
);

export const text = column('text', (value) => (typeof value === 'string' ? value : undefined));

export const bool = column('true or false', (value) => (typeof value === 'boolean' ? value : undefined));

/** timestamptz (pg gives a Date) or an ISO 8601 text, as a Date. */
export const timestamp = column('a point in time', (value) => {
  const date =
    value instanceof Date
      ? value
      : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[T ]/.test(value)
        ? new Date(value)
        : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
});

/** json/jsonb, already parsed by pg: any JSON value. */
export const json = z.json();

/** text[] (also name[] cast to text[]). */
export const textArray = column('an array of text', (value) =>
  Array.isArray(value) && value.every((item): item is string => typeof item === 'string') ? value : undefined,
);

/** For statements whose rows are not read (SET LOCAL, PREPARE): any row parses to {}. */
export const NO_COLUMNS = z.object({});

/** A schema for one row: an object schema, or a record for rows whose columns are not known in advance. */
export type RowSchema = z.ZodType<object>;

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.length ? `"${issue.path.map(String).join('.')}"` : 'the value'}: ${issue.message}`;
}

/**
 * Parses every row; the first that does not fit names its column, its position and what was wrong. `rows` is what a
 * driver returned (pg's result.rows, or Prisma's $queryRaw, typed unknown).
 */
export function parseRows<S extends RowSchema>(schema: S, rows: unknown): z.output<S>[] {
  if (!Array.isArray(rows))
    throw new AppError('unexpected_row', `The database returned ${describe(rows)} where rows were expected.`);
  return rows.map((row: unknown, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    throw new AppError(
      'unexpected_row',
      `The database returned a value the console cannot use: row ${index + 1}, column ${firstIssue(parsed.error)}.`,
      { cause: parsed.error },
    );
  });
}

/**
 * A value of the console's own schema read back through Prisma — a JSON column (evidence, manifests) or a text
 * column holding one of a few words — parsed with the schema it was written with. `what` names the record.
 */
export function parseStored<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError('unexpected_row', `${what} holds data the console cannot read: ${firstIssue(parsed.error)}.`, {
    cause: parsed.error,
  });
}

/** Runs statements on one connection, parsing every row: the shape of lib/pg/client.ts `query`. */
export type TransactionRunner = <S extends RowSchema>(
  schema: S,
  text: string,
  values?: readonly unknown[],
) => Promise<z.output<S>[]>;

/**
 * A runner over one pg client: a transaction's connection, a dedicated connection (backups, start-up, the leader
 * lock), or a test's connection to another server. Free of 'server-only', so scripts can use it too.
 */
export function clientRunner(client: pg.ClientBase): TransactionRunner {
  return async (schema, text, values = []) => parseRows(schema, (await client.query(text, values as unknown[])).rows);
}
