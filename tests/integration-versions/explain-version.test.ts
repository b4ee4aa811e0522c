/**
 * EXPLAIN ANALYZE's confinement on every major from 12 to 18: a role that is not a superuser, a read-only
 * transaction, the temporary SECURITY DEFINER wrapper (SET ROLE refused inside it), typed values bound for
 * placeholders, and the role checks' catalog query. Plain EXPLAIN's generic plan is in reports.test.ts.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { describeStatementForAnalyze, explainRoleFrom, explainStatement } from '@/lib/pg/explain';
import { serverUnderTest } from './server-under-test';

const servers = Object.entries(inject('majorUrls'))
  .map(([major, url]) => serverUnderTest(Number(major), url))
  .sort((a, b) => a.major - b.major);

const role = explainRoleFrom({ EXPLAIN_ROLE: 'x_explain', APP_DB_ROLE: 'halcytone_user' });
const options = { timeoutMs: 5_000, role };

describe.each(servers)('PostgreSQL $major', ({ on, sql, value }) => {
  beforeAll(async () => {
    await sql(`CREATE ROLE x_explain NOLOGIN`);
    await sql(`CREATE TABLE x_probe (id int PRIMARY KEY, label text)`);
    await sql(`INSERT INTO x_probe SELECT i, 'row ' || i FROM generate_series(1, 1000) AS i`);
    await sql(`GRANT SELECT ON x_probe TO x_explain`);
    await sql(`CREATE SEQUENCE x_seq`);
    await sql(`GRANT USAGE ON SEQUENCE x_seq TO PUBLIC`);
    await sql(`CREATE FUNCTION x_escape() RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN RESET ROLE; RETURN nextval('x_seq'); END $$`);
  });

  it('analyses a parameterised statement as the role, with a typed value', async () => {
    expect(await on(() => describeStatementForAnalyze('SELECT * FROM x_probe WHERE id = $1', options))).toEqual({ parameterTypes: ['integer'], role: 'x_explain', problem: null });
    const analyzed = await on(() => explainStatement('SELECT * FROM x_probe WHERE id = $1', { analyze: true, ...options, parameters: ['500'] }));
    expect(analyzed).toMatchObject({ analyzed: true, generic: false, role: 'x_explain', plan: { relation: 'x_probe', actualRows: 1 } });
  });

  it('refuses SET ROLE inside the wrapper, and nextval in the read-only transaction', async () => {
    await expect(on(() => explainStatement('SELECT x_escape()', { analyze: true, ...options }))).rejects.toThrow(/cannot set parameter "role" within security-definer function/);
    expect(await value(`SELECT is_called FROM x_seq`)).toBe(false);
  });
});
