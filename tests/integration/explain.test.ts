/**
 * EXPLAIN of recorded statements: plain EXPLAIN and ANALYZE both read-only, as a role that is not a superuser,
 * cannot become one and cannot signal anybody's sessions; generic plans for normalized text, typed values for
 * placeholders, ANALYZE audited before it runs. Functions planted in listed statements — one that writes, one that
 * calls nextval, ones that terminate a backend (after trying to RESET ROLE back to the console's superuser) when run,
 * when folded as IMMUTABLE or when estimated as STABLE while planning — go through the console's action: nothing
 * happens. Text sent to the server as one statement is one statement to PostgreSQL, whatever the regex thought.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { getPrisma } from '@/lib/db';
import { parseConnectionString } from '@/lib/config/connection-string';
import { withTarget } from '@/lib/pg/client';
import {
  describeStatementForAnalyze,
  explainRoleFrom,
  runExplain,
  prepareExplainableText,
  type ExplainRoleSetting,
} from '@/lib/pg/explain';
import { DEMO_EXPLAIN_ROLE, prepareDemoExplainRole } from '@/lib/startup/demo-explain-role';
import { TABLE_NAMES } from '@/lib/tables/registry';
import { backendPid, waitForState } from '../support/sessions';
import { sqlValue, withClient } from '../support/sql';

// The action reads EXPLAIN_ROLE from the environment; set before anything reads (and caches) it.
vi.hoisted(() => {
  process.env.EXPLAIN_ROLE = 'explain_reader';
});
// The session is next-auth's, which needs a request; the operator is given here. The database is real.
vi.mock('@/lib/auth/session', () => ({
  requireRole: async (role: string) => ({
    id: 4242,
    email: 'operator@example.com',
    name: 'Operator',
    role: 'operator',
    targetRoles: {},
    acting: role,
  }),
}));
const { explainStatement } = await import('@/lib/actions/queries/explain-statement');

const reader: ExplainRoleSetting = { name: 'explain_reader', variable: 'EXPLAIN_ROLE' };
const options = { timeoutMs: 5_000, role: reader };

beforeAll(async () => {
  await withClient(async (c) => {
    await c.query(`CREATE ROLE explain_reader NOLOGIN`);
    await c.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO explain_reader`);
    await c.query(
      `INSERT INTO content_audit (content_id, operation, user_id, "timestamp") SELECT 'explain-' || (i % 50), 'create', 'u', localtimestamp FROM generate_series(1, 500) AS i`,
    );
    await c.query(`ANALYZE content_audit`);
    // What a database user could plant: each runs with whatever rights the caller has.
    await c.query(`CREATE TABLE explain_sink (note text)`);
    await c.query(`GRANT SELECT, INSERT ON explain_sink TO PUBLIC`);
    await c.query(`CREATE SEQUENCE explain_probe_seq`);
    await c.query(`GRANT USAGE ON SEQUENCE explain_probe_seq TO PUBLIC`);
    await c.query(
      `CREATE FUNCTION planted_write() RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO explain_sink VALUES ('planted'); RETURN 1; END $$`,
    );
    await c.query(
      `CREATE FUNCTION planted_nextval() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('explain_probe_seq') $$`,
    );
    await c.query(`
      CREATE FUNCTION planted_terminate() RETURNS int LANGUAGE plpgsql AS $$
      BEGIN
        -- SET LOCAL ROLE alone would not hold: the session user (a superuser here) may always go back.
        BEGIN RESET ROLE; EXCEPTION WHEN OTHERS THEN NULL; END;
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'explain-victim';
        RETURN 1;
      END $$`);
    await c.query(
      `CREATE FUNCTION planted_lock() RETURNS int LANGUAGE sql AS $$ SELECT pg_advisory_lock(4242); SELECT 1 $$`,
    );
    // Plain EXPLAIN runs none of the statement, but the planner folds IMMUTABLE functions with constant arguments and
    // evaluates STABLE ones to estimate selectivity: both run while planning.
    await c.query(`
      CREATE FUNCTION planted_immutable_terminate() RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN
        BEGIN RESET ROLE; EXCEPTION WHEN OTHERS THEN NULL; END;
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'explain-victim';
        RETURN 1;
      END $$`);
    await c.query(`
      CREATE FUNCTION planted_stable_terminate() RETURNS text LANGUAGE plpgsql STABLE AS $$
      BEGIN
        BEGIN RESET ROLE; EXCEPTION WHEN OTHERS THEN NULL; END;
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'explain-victim';
        RETURN 'x';
      END $$`);
    await c.query(
      `CREATE FUNCTION planted_immutable_lock() RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN PERFORM pg_advisory_lock(4244); RETURN 1; END $$`,
    );
    // What code run as a role may do to the sessions of a role whose privileges it has.
    await c.query(`
      CREATE FUNCTION planted_terminate_app() RETURNS int LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'explain-app';
        RETURN 1;
      END $$`);
  });
});

afterAll(async () => {
  await withClient(async (c) => {
    await c.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name IN ('explain-victim', 'explain-app')`,
    );
  });
});

/**
 * Opens a session (as `login`, else the test's superuser) that sleeps in a query, runs `work`, and says whether
 * the session is still there afterwards; it is then cancelled and closed.
 */
async function sessionSurvives(
  work: () => Promise<unknown>,
  {
    applicationName = 'explain-victim',
    login,
  }: { applicationName?: string; login?: { user: string; password: string } } = {},
): Promise<boolean> {
  const url = new URL(inject('databaseUrl'));
  if (login) {
    url.username = login.user;
    url.password = login.password;
  }
  const victim = new pg.Client({ connectionString: url.toString(), application_name: applicationName });
  victim.on('error', () => {});
  await victim.connect();
  const pid = await backendPid(victim);
  const sleeping = victim.query('SELECT pg_sleep(30)').catch((error: unknown) => error);
  await waitForState(pid, 'active');
  try {
    await work();
    return (await sqlValue<number>(`SELECT count(*)::int FROM pg_stat_activity WHERE pid = $1`, [pid])) === 1;
  } finally {
    await withClient((c) => c.query('SELECT pg_cancel_backend($1)', [pid]));
    await sleeping;
    await victim.end().catch(() => undefined);
  }
}

/** Who holds the session advisory lock `key` (one-argument form): a lock left on a pooled connection. */
const advisoryHolders = (key: number) =>
  sqlValue<number>(
    `SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1`,
    [key],
  );

/** Runs `statement` once with the test's own (superuser) rights, so pg_stat_statements lists it; its queryid. */
async function listed(statement: string, values: unknown[] = []): Promise<string> {
  await withClient((c) => c.query(statement, values));
  const id = await sqlValue<string | undefined>(
    `SELECT queryid::text FROM pg_stat_statements WHERE query = $1 AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1`,
    [statement],
  );
  if (!id) throw new Error(`pg_stat_statements does not list ${statement}`);
  return id;
}

const auditRows = (queryId: string) =>
  getPrisma().auditEvent.findMany({
    where: { action: 'statements.explain_analyze', target: `primary:pg_stat_statements:${queryId}` },
    orderBy: { id: 'asc' },
  });

describe('plain EXPLAIN', () => {
  it('plans a normalized statement with placeholders as a generic plan using the index, as the EXPLAIN role, and names the types', async () => {
    const result = await runExplain('SELECT * FROM content_audit WHERE content_id = $1', {
      analyze: false,
      ...options,
    });
    expect(result).toMatchObject({
      generic: true,
      analyzed: false,
      executionMs: null,
      parameterTypes: ['text'],
      role: 'explain_reader',
    });
    // The generic plan keeps $1 in the index condition (a custom plan for the NULL that fills it would not).
    expect(JSON.stringify(result.plan)).toContain('idx_content_audit_content_id');
    expect(JSON.stringify(result.plan)).toContain('"detail":"((content_id)::text = $1)"');
  });

  it('refuses several statements and utility commands', async () => {
    await expect(runExplain('SELECT 1; DROP TABLE content_audit', { analyze: false, ...options })).rejects.toThrow(
      'one statement only',
    );
    await expect(runExplain('VACUUM content_audit', { analyze: false, ...options })).rejects.toThrow(
      'can be explained',
    );
  });

  it('refuses a text PostgreSQL reads as two statements where the regex saw one, and the second never runs', async () => {
    // E'\'' is one quote to PostgreSQL; the regex, which knows only '' for a quote, reads a string up to the last
    // quote but one, so it sees no semicolon outside a string.
    const text = "SELECT E'\\'' ; SELECT pg_advisory_lock(4343), ' '";
    expect(prepareExplainableText(text).statement).toBe(text);
    try {
      await expect(runExplain(text, { analyze: false, ...options })).rejects.toThrow(
        'PostgreSQL reads this text as several statements',
      );
      await expect(runExplain(text, { analyze: true, ...options })).rejects.toThrow(
        'PostgreSQL reads this text as several statements',
      );
      await expect(describeStatementForAnalyze(text, options)).rejects.toThrow(
        'PostgreSQL reads this text as several statements',
      );
      expect(await advisoryHolders(4343)).toBe(0);
    } finally {
      await withClient((c) =>
        c.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4343`),
      );
    }
  });

  it('plans writes as the EXPLAIN role, which needs the privilege, and says so when it lacks it', async () => {
    await expect(runExplain('DELETE FROM content_audit WHERE id = $1', { analyze: false, ...options })).rejects.toThrow(
      'Explain runs as "explain_reader", which lacks a privilege the statement needs: permission denied for table content_audit',
    );
    // The embedded demo's role may write the six tables, which a read-only transaction never lets it do.
    await withClient((c) => prepareDemoExplainRole(c));
    const demo = { timeoutMs: 5_000, role: { name: DEMO_EXPLAIN_ROLE, variable: 'EXPLAIN_ROLE' } as const };
    for (const table of TABLE_NAMES) {
      const deleted = await runExplain(`DELETE FROM ${table}`, { analyze: false, ...demo });
      expect(deleted).toMatchObject({
        analyzed: false,
        role: DEMO_EXPLAIN_ROLE,
        plan: { nodeType: 'ModifyTable', children: [{ relation: table }] },
      });
    }
    const inserted = await runExplain(
      `INSERT INTO user_segments (segment_id, segment_name, criteria) VALUES ($1, $2, $3)`,
      { analyze: false, ...demo },
    );
    expect(inserted).toMatchObject({
      generic: true,
      parameterTypes: ['character varying', 'character varying', 'jsonb'],
      plan: { nodeType: 'ModifyTable' },
    });
    const updated = await runExplain(`UPDATE user_segments SET segment_name = $1 WHERE segment_id = $2`, {
      analyze: false,
      ...demo,
    });
    expect(updated).toMatchObject({
      generic: true,
      plan: { nodeType: 'ModifyTable', children: [{ relation: 'user_segments' }] },
    });
  });

  it('releases an advisory lock a planted IMMUTABLE function took while planning', async () => {
    await runExplain('SELECT planted_immutable_lock()', { analyze: false, ...options });
    expect(await advisoryHolders(4244)).toBe(0);
  });

  it('leaves no prepared statement behind, even after a failure', async () => {
    await expect(
      runExplain('SELECT * FROM no_such_table WHERE id = $1', { analyze: false, ...options }),
    ).rejects.toThrow(/no_such_table/);
    const again = await runExplain('SELECT * FROM content_audit WHERE id = $1', { analyze: false, ...options });
    expect(again.plan.nodeType).toMatch(/Index Scan/);
  });
});

describe('EXPLAIN ANALYZE', () => {
  it('measures a statement as the EXPLAIN role', async () => {
    const result = await runExplain(`SELECT count(*) FROM content_audit WHERE content_id = 'explain-7'`, {
      analyze: true,
      ...options,
    });
    expect(result).toMatchObject({ analyzed: true, generic: false, role: 'explain_reader', parameterTypes: [] });
    expect(result.executionMs).toBeGreaterThanOrEqual(0);
    expect(result.plan.actualRows).toBe(1);
  });

  it("analyses each of the six tables as the embedded demo's role, made by npm start (twice: it is idempotent)", async () => {
    await withClient((c) => prepareDemoExplainRole(c));
    await withClient((c) => prepareDemoExplainRole(c));
    const demo: ExplainRoleSetting = { name: DEMO_EXPLAIN_ROLE, variable: 'EXPLAIN_ROLE' };
    expect(await describeStatementForAnalyze('SELECT 1', { role: demo, timeoutMs: 5_000 })).toMatchObject({
      problem: null,
    });
    for (const table of TABLE_NAMES) {
      const result = await runExplain(`SELECT count(*) FROM ${table}`, {
        analyze: true,
        timeoutMs: 5_000,
        role: demo,
      });
      expect(result).toMatchObject({ analyzed: true, role: DEMO_EXPLAIN_ROLE });
    }
  });

  it('analyses a parameterised statement with typed values, bound, and says which value does not fit', async () => {
    const readiness = await describeStatementForAnalyze(
      'SELECT * FROM content_audit WHERE content_id = $1 AND id > $2',
      options,
    );
    expect(readiness).toEqual({ parameterTypes: ['text', 'integer'], role: 'explain_reader', problem: null });
    const result = await runExplain('SELECT * FROM content_audit WHERE content_id = $1 AND id > $2', {
      analyze: true,
      ...options,
      parameters: ['explain-7', '0'],
    });
    expect(result).toMatchObject({ analyzed: true, generic: false, parameterTypes: ['text', 'integer'] });
    expect(result.plan.actualRows).toBe(10);
    // A value is data, never SQL: a quote in it is part of the value.
    const quoted = await runExplain('SELECT * FROM content_audit WHERE content_id = $1', {
      analyze: true,
      ...options,
      parameters: ["x' OR '1'='1"],
    });
    expect(quoted.plan.actualRows).toBe(0);
    await expect(
      runExplain('SELECT * FROM content_audit WHERE content_id = $1 AND id > $2', {
        analyze: true,
        ...options,
        parameters: ['explain-7'],
      }),
    ).rejects.toThrow('This statement has 2 parameter(s) ($1 text, $2 integer); 1 value(s) were given.');
    await expect(
      runExplain('SELECT * FROM content_audit WHERE content_id = $1 AND id > $2', {
        analyze: true,
        ...options,
        parameters: ['explain-7', 'many'],
      }),
    ).rejects.toThrow('The value for $2 (integer) cannot be used: invalid input syntax for type integer: "many"');
  });

  it('refuses statements that write, and stops at the statement timeout', async () => {
    await expect(
      runExplain(`INSERT INTO user_segments (segment_id, segment_name, criteria) VALUES ('p', 'p', '{}')`, {
        analyze: true,
        ...options,
      }),
    ).rejects.toThrow('runs the statement read-only');
    await expect(runExplain('SELECT pg_sleep(3)', { analyze: true, ...options, timeoutMs: 300 })).rejects.toMatchObject(
      { code: 'query_timeout' },
    );
  });

  it('releases an advisory lock the statement took (session locks survive a rollback)', async () => {
    await runExplain('SELECT planted_lock()', { analyze: true, ...options });
    expect(
      await sqlValue<number>(`SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242`),
    ).toBe(0);
  });
});

describe('functions planted in listed statements, analysed through the console', () => {
  it('a function that INSERTs: no new row', async () => {
    const queryId = await listed('SELECT planted_write()');
    const before = await sqlValue<number>('SELECT count(*)::int FROM explain_sink');
    const result = await explainStatement({ target: 'primary', queryId, analyze: true });
    expect(result).toMatchObject({ ok: false, code: 'query_failed' });
    expect(!result.ok && result.message).toContain(
      'tried to change something, and EXPLAIN ANALYZE runs read-only: nothing was changed',
    );
    expect(await sqlValue<number>('SELECT count(*)::int FROM explain_sink')).toBe(before);
  });

  it('a function that calls nextval: the sequence does not advance', async () => {
    const queryId = await listed('SELECT planted_nextval()');
    const before = await sqlValue<string>('SELECT last_value::text FROM explain_probe_seq');
    expect(await explainStatement({ target: 'primary', queryId, analyze: true })).toMatchObject({ ok: false });
    expect(await sqlValue<string>('SELECT last_value::text FROM explain_probe_seq')).toBe(before);
  });

  it('a function that RESETs ROLE and terminates a sleeping session: the session lives', async () => {
    const queryId = await listed('SELECT planted_terminate()');
    let result: unknown;
    expect(
      await sessionSurvives(
        async () => (result = await explainStatement({ target: 'primary', queryId, analyze: true })),
      ),
    ).toBe(true);
    expect(result).toMatchObject({ ok: false });
  });

  it('plain Explain of an IMMUTABLE function folded while planning, that RESETs ROLE and terminates a session: the session lives', async () => {
    const queryId = await listed('SELECT planted_immutable_terminate()');
    let result: unknown;
    expect(
      await sessionSurvives(
        async () => (result = await explainStatement({ target: 'primary', queryId, analyze: false })),
      ),
    ).toBe(true);
    // Said as what the planted code tried, with no GRANT advised.
    expect(result).toMatchObject({
      ok: false,
      code: 'insufficient_privilege',
      message: expect.stringContaining(
        'Explain runs as "explain_reader", which may not do what the statement or a function it calls tried:',
      ),
    });
  });

  it('plain Explain of a STABLE function evaluated for a selectivity estimate, that terminates a session: the session lives', async () => {
    const queryId = await listed('SELECT count(*) FROM content_audit WHERE content_id = planted_stable_terminate()');
    expect(await sessionSurvives(() => explainStatement({ target: 'primary', queryId, analyze: false }))).toBe(true);
  });

  it('every ANALYZE is audited before it runs, with the queryid and the normalised text, never the values', async () => {
    const failedId = await listed('SELECT planted_write()');
    expect((await auditRows(failedId)).length).toBeGreaterThanOrEqual(1); // written although the run failed

    const queryId = await listed(`SELECT count(*) FROM content_audit WHERE content_id = $1`, ['explain-3']);
    const before = (await auditRows(queryId)).length;
    const result = await explainStatement({
      target: 'primary',
      queryId,
      analyze: true,
      parameters: ['secret-looking-value'],
    });
    expect(result).toMatchObject({
      ok: true,
      data: { analyzed: true, role: 'explain_reader', parameterTypes: ['text'] },
    });
    const rows = await auditRows(queryId);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      actorId: 4242,
      actorEmail: 'operator@example.com',
      after: {
        queryId,
        query: 'SELECT count(*) FROM content_audit WHERE content_id = $1',
        role: 'explain_reader',
        parameterTypes: ['text'],
      },
    });
    expect(JSON.stringify([rows.at(-1)?.before, rows.at(-1)?.after, rows.at(-1)?.target])).not.toContain(
      'secret-looking-value',
    );
    // Plain EXPLAIN runs nothing and is not an ANALYZE: not audited as one.
    await explainStatement({ target: 'primary', queryId, analyze: false });
    expect(await auditRows(queryId)).toHaveLength(before + 1);
  });
});

describe('refusals when no usable EXPLAIN role exists', () => {
  const analyzeAs = (role: ExplainRoleSetting) => runExplain('SELECT 1', { analyze: true, timeoutMs: 5_000, role });

  it('defaults to APP_DB_ROLE, and refuses ANALYZE and plain EXPLAIN with the reason when that role does not exist', async () => {
    expect(explainRoleFrom({ EXPLAIN_ROLE: undefined, APP_DB_ROLE: 'halcytone_user' })).toEqual({
      name: 'halcytone_user',
      variable: 'APP_DB_ROLE',
    });
    expect(explainRoleFrom({ EXPLAIN_ROLE: 'x', APP_DB_ROLE: 'halcytone_user' })).toEqual({
      name: 'x',
      variable: 'EXPLAIN_ROLE',
    });
    const missingDefault = { name: 'halcytone_user', variable: 'APP_DB_ROLE' } as const;
    await expect(analyzeAs(missingDefault)).rejects.toThrow(
      `EXPLAIN_ROLE is unset and APP_DB_ROLE's role "halcytone_user" does not exist`,
    );
    await expect(analyzeAs({ name: 'nobody_here', variable: 'EXPLAIN_ROLE' })).rejects.toThrow(
      'EXPLAIN_ROLE names the role "nobody_here", which does not exist',
    );
    // Planning as the console's own role would run planted IMMUTABLE and STABLE functions with its rights.
    await expect(runExplain('SELECT 1', { analyze: false, timeoutMs: 5_000, role: missingDefault })).rejects.toThrow(
      /^Explain is refused: no role is set up to run it as: EXPLAIN_ROLE is unset and APP_DB_ROLE's role "halcytone_user" does not exist/,
    );
    expect(
      (await describeStatementForAnalyze('SELECT 1', { timeoutMs: 5_000, role: missingDefault })).problem,
    ).toContain('does not exist');
  });

  it("refuses a LOGIN role, whose sessions (the application's) code run as it could end", async () => {
    await withClient(async (c) => {
      await c.query(`CREATE ROLE explain_app LOGIN PASSWORD 'explain-app-password'`);
      await c.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO explain_app`);
    });
    const app: ExplainRoleSetting = { name: 'explain_app', variable: 'APP_DB_ROLE' };
    const login = { user: 'explain_app', password: 'explain-app-password' };
    let refusal: unknown;
    const survived = await sessionSurvives(
      () =>
        runExplain('SELECT planted_terminate_app()', { analyze: true, timeoutMs: 5_000, role: app }).catch(
          (error: unknown) => (refusal = error),
        ),
      {
        applicationName: 'explain-app',
        login,
      },
    );
    expect(survived).toBe(true);
    expect(String(refusal)).toContain(
      'EXPLAIN_ROLE is unset, and APP_DB_ROLE names the role "explain_app", which can log in',
    );
    expect(String(refusal)).toContain('CREATE ROLE halcytone_explain NOLOGIN');
    await expect(runExplain('SELECT 1', { analyze: false, timeoutMs: 5_000, role: app })).rejects.toThrow(
      'Explain is refused',
    );
    expect((await describeStatementForAnalyze('SELECT 1', { timeoutMs: 5_000, role: app })).problem).toContain(
      'which can log in',
    );
  });

  it('refuses a NOLOGIN role that has the privileges of a LOGIN role (INHERIT)', async () => {
    await withClient((c) => c.query(`CREATE ROLE explain_inheritor NOLOGIN INHERIT IN ROLE explain_app`));
    const inheritor: ExplainRoleSetting = { name: 'explain_inheritor', variable: 'EXPLAIN_ROLE' };
    let refusal: unknown;
    const survived = await sessionSurvives(
      () =>
        runExplain('SELECT planted_terminate_app()', { analyze: true, timeoutMs: 5_000, role: inheritor }).catch(
          (error: unknown) => (refusal = error),
        ),
      {
        applicationName: 'explain-app',
        login: { user: 'explain_app', password: 'explain-app-password' },
      },
    );
    expect(survived).toBe(true);
    expect(String(refusal)).toContain(
      'EXPLAIN_ROLE names the role "explain_inheritor", which has the privileges of explain_app, a role that can log in',
    );
  });

  it('refuses REPLICATION (slots outlive a rollback) and the predefined roles that read server files or checkpoint', async () => {
    await withClient(async (c) => {
      await c.query(`CREATE ROLE explain_replicator NOLOGIN REPLICATION`);
      await c.query(`CREATE ROLE explain_file_reader NOLOGIN IN ROLE pg_read_server_files`);
      await c.query(`CREATE ROLE explain_checkpointer NOLOGIN IN ROLE pg_checkpoint`);
    });
    const as = (name: string) => analyzeAs({ name, variable: 'EXPLAIN_ROLE' });
    await expect(as('explain_replicator')).rejects.toThrow('which is or can become explain_replicator (REPLICATION)');
    await expect(as('explain_file_reader')).rejects.toThrow('pg_read_server_files (predefined role)');
    await expect(as('explain_checkpointer')).rejects.toThrow('pg_checkpoint (predefined role)');
  });

  it('refuses a superuser, a member of pg_signal_backend or of a superuser role, BYPASSRLS, and EXECUTE on pg_stat_statements_reset', async () => {
    await withClient(async (c) => {
      await c.query(`CREATE ROLE explain_super NOLOGIN SUPERUSER`);
      await c.query(`CREATE ROLE explain_signaller NOLOGIN IN ROLE pg_signal_backend`);
      await c.query(`CREATE ROLE explain_climber NOLOGIN IN ROLE explain_super`);
      await c.query(`CREATE ROLE explain_bypass NOLOGIN BYPASSRLS`);
      await c.query(`CREATE ROLE explain_resetter NOLOGIN`);
      await c.query(`GRANT EXECUTE ON FUNCTION pg_stat_statements_reset TO explain_resetter`);
    });
    const as = (name: string) => analyzeAs({ name, variable: 'EXPLAIN_ROLE' });
    await expect(as('explain_super')).rejects.toThrow('which is or can become explain_super (SUPERUSER)');
    await expect(as('explain_signaller')).rejects.toThrow('pg_signal_backend (predefined role)');
    await expect(as('explain_climber')).rejects.toThrow('explain_super (SUPERUSER)');
    await expect(as('explain_bypass')).rejects.toThrow('explain_bypass (BYPASSRLS)');
    await expect(as('explain_resetter')).rejects.toThrow('may execute pg_stat_statements_reset');
  });

  it('refuses, saying what to GRANT, when the console cannot SET ROLE to it', async () => {
    await withClient((c) =>
      c.query(`CREATE ROLE explain_console LOGIN PASSWORD 'explain-console-password' IN ROLE pg_monitor`),
    );
    const url = new URL(inject('databaseUrl'));
    url.username = 'explain_console';
    url.password = 'explain-console-password';
    const ordinary = { name: 'ordinary', connection: parseConnectionString(url.toString()) };
    await expect(withTarget(ordinary, () => analyzeAs(reader))).rejects.toThrow(
      'the console connects as "explain_console", which cannot SET ROLE to "explain_reader" (EXPLAIN_ROLE). Run GRANT explain_reader TO explain_console;',
    );
    await withClient((c) => c.query(`GRANT explain_reader TO explain_console`));
    expect((await withTarget(ordinary, () => analyzeAs(reader))).role).toBe('explain_reader');
  });
});
