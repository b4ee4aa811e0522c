/**
 * Row schemas (lib/pg/rows.ts) against what the pg driver really hands back for each PostgreSQL type: int8 and
 * numeric arrive as text, timestamptz as a Date, arrays as arrays. The pure cases are in lib/pg/rows.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { query, queryOne } from '@/lib/pg/client';
import { bigint, bool, decimalText, float, int, json, text, textArray, timestamp } from '@/lib/pg/rows';
import { sqlValue } from '../support/sql';

describe('row schemas on real rows', () => {
  it('reads each type the driver returns as the value SQL holds', async () => {
    const row = await queryOne(
      z.object({
        i: int,
        f: float,
        b: bigint,
        d: decimalText,
        t: text,
        ok: bool,
        at: timestamp,
        tags: textArray,
        j: json,
      }),
      `SELECT 42::int8 AS i, 0.25::numeric AS f, 9007199254740993::int8 AS b, 12.50::numeric(6, 2) AS d, 'x' AS t,
              true AS ok, '2026-12-02 03:04:05+00'::timestamptz AS at, ARRAY['a', 'b']::name[]::text[] AS tags,
              '{"k": [1, null]}'::jsonb AS j`,
    );
    expect(row).toEqual({
      i: 42,
      f: 0.25,
      b: 9007199254740993n,
      d: '12.50',
      t: 'x',
      ok: true,
      at: new Date('2026-12-02T03:04:05Z'),
      tags: ['a', 'b'],
      j: { k: [1, null] },
    });
    expect(String(row.b)).toBe(await sqlValue<string>('SELECT 9007199254740993::int8::text'));
  });

  it('refuses a whole number a JavaScript number cannot hold exactly, as unexpected_row', async () => {
    await expect(query(z.object({ i: int }), 'SELECT 9007199254740993::int8 AS i')).rejects.toMatchObject({
      code: 'unexpected_row',
    });
  });

  it("refuses numeric's NaN where a figure is expected", async () => {
    await expect(query(z.object({ f: float }), `SELECT 'NaN'::numeric AS f`)).rejects.toMatchObject({
      code: 'unexpected_row',
    });
  });
});
