/**
 * EXPLAIN's confinement on every major from 12 to 18: plain EXPLAIN and ANALYZE both as a role that is not a
 * superuser, in a read-only transaction, inside the temporary SECURITY DEFINER wrapper (SET ROLE refused inside it);
 * plain EXPLAIN of a placeholder statement really is its generic plan (plan_cache_mode, from 12); typed values bound
 * for placeholders; the role checks' catalog query, whose predefined roles differ by major; and the extended
 * protocol refusing text that holds several statements.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { describeStatementForAnalyze, explainRoleFrom, runExplain } from '@/lib/pg/explain';
import { serverUnderTest } from './server-under-test';

const servers = Object.entries(inject('majorUrls'))
  .map(([major, url]) => serverUnderTest(Number(major), url))
  .sort((a, b) => a.major - b.major);

const role = explainRoleFrom({ EXPLAIN_ROLE: 'x_explain', APP_DB_ROLE: 'halcytone_user' });
const options = { timeoutMs: 5_000, role };

describe.each(servers)('PostgreSQL $major', ({ major, on, sql, value, session }) => {
  beforeAll(async () => {
    await sql(`CREATE ROLE x_explain NOLOGIN`);
    await sql(`CREATE TABLE x_probe (id int PRIMARY KEY, label text)`);
    await sql(`INSERT INTO x_probe SELECT i, 'row ' || i FROM generate_series(1, 1000) AS i`);
    await sql(`GRANT SELECT ON x_probe TO x_explain`);
    await sql(`CREATE SEQUENCE x_seq`);
    await sql(`GRANT USAGE ON SEQUENCE x_seq TO PUBLIC`);
    await sql(
      `CREATE FUNCTION x_escape() RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN RESET ROLE; RETURN nextval('x_seq'); END $$`,
    );
    // Folded by the planner: runs during plain EXPLAIN.
    await sql(`
      CREATE FUNCTION x_folded_terminate() RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN
        BEGIN RESET ROLE; EXCEPTION WHEN OTHERS THEN NULL; END;
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'x-victim';
        RETURN 1;
      END $$`);
  });

  it('analyses a parameterised statement as the role, with a typed value', async () => {
    expect(await on(() => describeStatementForAnalyze('SELECT * FROM x_probe WHERE id = $1', options))).toEqual({
      parameterTypes: ['integer'],
      role: 'x_explain',
      problem: null,
    });
    const analyzed = await on(() =>
      runExplain('SELECT * FROM x_probe WHERE id = $1', { analyze: true, ...options, parameters: ['500'] }),
    );
    expect(analyzed).toMatchObject({
      analyzed: true,
      generic: false,
      role: 'x_explain',
      plan: { relation: 'x_probe', actualRows: 1 },
    });
  });

  it('plans a parameterised statement as its generic plan, as the role', async () => {
    // A custom plan for EXECUTE …(NULL) would be "One-Time Filter: false"; the generic one keeps $1.
    const plain = await on(() => runExplain('SELECT * FROM x_probe WHERE id = $1', { analyze: false, ...options }));
    expect(plain).toMatchObject({
      analyzed: false,
      generic: true,
      role: 'x_explain',
      parameterTypes: ['integer'],
      plan: { relation: 'x_probe', index: 'x_probe_pkey', detail: '(id = $1)' },
    });
  });

  it('refuses SET ROLE inside the wrapper, and nextval in the read-only transaction', async () => {
    await expect(on(() => runExplain('SELECT x_escape()', { analyze: true, ...options }))).rejects.toThrow(
      /cannot set parameter "role" within security-definer function/,
    );
    expect(await value(`SELECT is_called FROM x_seq`)).toBe(false);
  });

  it('plans as the role: an IMMUTABLE function folded while planning cannot terminate a session', async () => {
    const victim = await session('x-victim');
    const sleeping = victim.client.query('SELECT pg_sleep(30)').catch((error: unknown) => error);
    await victim.waitFor('active');
    try {
      await on(() => runExplain('SELECT x_folded_terminate()', { analyze: false, ...options })).catch(() => undefined);
      expect(await value(`SELECT count(*)::int FROM pg_stat_activity WHERE pid = $1`, [victim.pid])).toBe(1);
    } finally {
      await sql('SELECT pg_cancel_backend($1)', [victim.pid]);
      await sleeping;
      await victim.end();
    }
  });

  it('refuses a LOGIN role, REPLICATION, and the predefined roles this major has', async () => {
    await sql(`CREATE ROLE x_login LOGIN`);
    await sql(`CREATE ROLE x_replicator NOLOGIN REPLICATION`);
    const predefined = [
      'pg_signal_backend',
      'pg_read_server_files',
      ...(major >= 15 ? ['pg_checkpoint'] : []),
      ...(major >= 18 ? ['pg_signal_autovacuum_worker'] : []),
    ];
    for (const name of predefined) await sql(`CREATE ROLE x_in_${name} NOLOGIN IN ROLE ${name}`);
    const refusal = (name: string) =>
      on(() =>
        describeStatementForAnalyze('SELECT 1', { timeoutMs: 5_000, role: { name, variable: 'EXPLAIN_ROLE' } }),
      ).then((ready) => ready.problem);
    expect(await refusal('x_login')).toContain('which can log in');
    expect(await refusal('x_replicator')).toContain('x_replicator (REPLICATION)');
    for (const name of predefined) expect(await refusal(`x_in_${name}`)).toContain(`${name} (predefined role)`);
  });

  it('refuses text that PostgreSQL reads as two statements', async () => {
    await expect(
      on(() => runExplain("SELECT E'\\'' ; SELECT pg_advisory_lock(4343), ' '", { analyze: false, ...options })),
    ).rejects.toThrow('PostgreSQL reads this text as several statements');
    expect(await value(`SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND objid = 4343`)).toBe(0);
  });
});
