/**
 * Static guard: raw SQL results are parsed with a row schema (lib/pg/rows.ts), never cast with a type argument.
 * `query<Row>(…)`, `queryOne<Row>(…)`, `run<Row>(…)` and a driver's `client.query<Row>(…)` assert a shape the
 * database never promised — that is how a numeric reached a component as a string. New files are picked up
 * automatically. Prisma's `$queryRaw` result goes through lib/pg/rows.ts parseRows too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkFiles } from '../support/walk-files';

/**
 * A query function given a type argument — query<…>(, client.query<…>(, queryOne<…>(, run<…>(, Prisma's
 * $queryRaw<…>` — not its declaration.
 */
const TYPED_CALL = /(?<!function\s+)(?<![\w])(query|queryOne|run|\$queryRaw)\s*</g;

const sources = [...walkFiles('lib')].filter(
  (file) => /\.tsx?$/.test(file) && !file.endsWith('.test.ts') && !file.startsWith(path.join('lib', 'generated')),
);

describe('raw SQL results are parsed, not cast', () => {
  it('finds the lib sources', () => expect(sources.length).toBeGreaterThan(50));

  it.each(sources)('%s has no typed query call', (file) => {
    const casts = [...readFileSync(file, 'utf8').matchAll(TYPED_CALL)].map((match) => match[0]);
    expect(casts, `${file}: parse rows with a schema from lib/pg/rows.ts instead`).toEqual([]);
  });

  it('matches the casts it is meant to catch, and not a schema-first call', () => {
    const caught = (text: string) => [...text.matchAll(TYPED_CALL)].length > 0;
    expect(caught('await query<Row>(text, values)')).toBe(true);
    expect(caught('queryOne<{ count: number }>(`SELECT`)')).toBe(true);
    expect(caught('run<{ a: Array<string> }>(sql)')).toBe(true);
    expect(caught('client.query<RelationRow>(USER_RELATIONS)')).toBe(true);
    expect(caught('await tx.$queryRaw<{ id: bigint }[]>`SELECT`')).toBe(true);
    expect(caught('parseRows(schema, await tx.$queryRaw`SELECT`)')).toBe(false);
    expect(caught('await query(schema, text, values)')).toBe(false);
    expect(caught('export async function query<S extends RowSchema>(schema: S)')).toBe(false);
    expect(caught('Promise<Row[]>')).toBe(false);
  });
});
