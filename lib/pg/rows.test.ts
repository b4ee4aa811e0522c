import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors';
import {
  bigint,
  bool,
  decimalText,
  float,
  int,
  json,
  parseRows,
  parseStored,
  text,
  textArray,
  timestamp,
} from './rows';

const accepts = <T>(schema: z.ZodType<T>, value: unknown) => schema.parse(value);
const refuses = (schema: z.ZodType, value: unknown) =>
  expect(schema.safeParse(value).success, `${String(value)} should be refused`).toBe(false);

describe('int', () => {
  it('takes int4 numbers and int8/numeric text (count(*), sum())', () => {
    expect(accepts(int, 42)).toBe(42);
    expect(accepts(int, '42')).toBe(42);
    expect(accepts(int, '-7')).toBe(-7);
    expect(accepts(int, String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses fractions, NaN, overflow past 2^53, non-numbers and NULL', () => {
    for (const value of [
      1.5,
      '1.5',
      Number.NaN,
      'NaN',
      '9007199254740993',
      2 ** 60,
      '',
      ' 1',
      '1e3',
      true,
      null,
      undefined,
      {},
    ])
      refuses(int, value);
  });
});

describe('float', () => {
  it('takes float8 numbers and numeric text exactly as Number() reads it', () => {
    expect(accepts(float, 0.25)).toBe(0.25);
    expect(accepts(float, '0.1000000000000000')).toBe(0.1);
    expect(accepts(float, '-12.5')).toBe(-12.5);
    expect(accepts(float, '1e+20')).toBe(1e20);
    expect(accepts(float, '.5')).toBe(0.5);
    expect(accepts(float, '9223372036854775807')).toBe(9223372036854775807);
  });

  it('refuses NaN and infinities (float8 as numbers, numeric as text), and what is not a number', () => {
    for (const value of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      'NaN',
      'Infinity',
      '-Infinity',
      '1e400',
      '',
      'abc',
      '1,5',
      null,
      false,
    ]) {
      refuses(float, value);
    }
  });
});

describe('bigint', () => {
  it('keeps int8 past 2^53 exact', () => {
    expect(accepts(bigint, '9223372036854775807')).toBe(9223372036854775807n);
    expect(accepts(bigint, '9007199254740993')).toBe(9007199254740993n);
    expect(accepts(bigint, 12)).toBe(12n);
    expect(accepts(bigint, 5n)).toBe(5n);
  });

  it('refuses fractions and numbers that already lost precision', () => {
    for (const value of ['1.0', 1.5, 2 ** 60, 'NaN', null]) refuses(bigint, value);
  });
});

describe('the other columns', () => {
  it('text, bool, text[], json take what pg returns and nothing else', () => {
    expect(accepts(text, 'x')).toBe('x');
    refuses(text, 1);
    expect(accepts(bool, false)).toBe(false);
    refuses(bool, 'f');
    expect(accepts(textArray, ['a', 'b'])).toEqual(['a', 'b']);
    refuses(textArray, '{a,b}');
    refuses(textArray, [1]);
    expect(accepts(json, { a: [1, null, 'x'] })).toEqual({ a: [1, null, 'x'] });
  });

  it('timestamp takes a Date or ISO text and refuses an invalid date', () => {
    const date = new Date('2026-11-26T10:00:00Z');
    expect(accepts(timestamp, date)).toEqual(date);
    expect(accepts(timestamp, '2026-11-26T10:00:00.000Z')).toEqual(date);
    for (const value of [new Date(Number.NaN), 'yesterday', 1_700_000_000_000, null]) refuses(timestamp, value);
  });

  it('decimalText keeps numeric text exact and refuses NaN', () => {
    expect(accepts(decimalText, '0.8500')).toBe('0.8500');
    for (const value of ['NaN', 'Infinity', 0.85, '']) refuses(decimalText, value);
  });

  it('nullable variants let NULL through but not a missing column', () => {
    expect(accepts(float.nullable(), null)).toBeNull();
    expect(accepts(timestamp.nullable(), null)).toBeNull();
    refuses(float.nullable(), undefined);
  });
});

describe('parseRows', () => {
  const row = z.object({ from: float, count: int });

  it('returns the parsed rows', () => {
    expect(parseRows(row, [{ from: '0.1', count: '3' }])).toEqual([{ from: 0.1, count: 3 }]);
  });

  it('names the row, the column and what was wrong, as an AppError', () => {
    const attempt = () =>
      parseRows(row, [
        { from: '0.1', count: 1 },
        { from: 'NaN', count: 2 },
      ]);
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow('row 2, column "from": expected a finite number, got the text "NaN"');
    expect(() => parseRows(row, [{ from: 1 }])).toThrow(
      'column "count": expected a whole number below 2^53, got no value (the column is missing)',
    );
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: 'unexpected_row' });
    }
  });

  it('refuses a result that is not a list of rows', () => {
    expect(() => parseRows(row, 3)).toThrow('where rows were expected');
  });
});

describe('parseStored', () => {
  it('names the record and the field of stored JSON that does not fit', () => {
    const schema = z.object({ tables: z.array(z.object({ rows: z.number().nullable() })) });
    expect(parseStored(schema, { tables: [{ rows: null }] }, 'Backup 1')).toEqual({ tables: [{ rows: null }] });
    expect(() => parseStored(schema, { tables: [{ rows: '3' }] }, 'Backup 1')).toThrow(
      /^Backup 1 holds data the console cannot read: "tables.0.rows": /,
    );
  });
});
