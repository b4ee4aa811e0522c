/**
 * EXPLAIN of a statement recorded by pg_stat_statements (chosen by queryid, so the text is the server's own, never
 * typed by a user). One statement only, under the statement timeout, in a transaction that is always rolled back.
 *
 * Any database user can plant a function in a statement that pg_stat_statements then lists. EXPLAIN ANALYZE runs
 * the statement, and even plain EXPLAIN runs such functions: the planner evaluates IMMUTABLE functions with
 * constant arguments (constant folding) and STABLE ones to estimate selectivity. Neither may run with the console's
 * rights (a superuser in the embedded default), so both are confined alike:
 *  - the statement is planned (and, for ANALYZE, run) in a READ ONLY transaction: writes and nextval() fail, and it
 *    cannot be made writable again once a query has run;
 *  - as a role that is not a superuser and cannot become one, and cannot signal anybody's sessions (EXPLAIN_ROLE,
 *    else APP_DB_ROLE; checked before each run, findRoleProblem). Without such a role both are refused: planning
 *    as the console's role would run planted code with its rights;
 *  - SET LOCAL ROLE alone is not a boundary: the planted code could RESET ROLE back to the console's role, since
 *    the session user may always do so. The statement is therefore planned and run inside a temporary SECURITY
 *    DEFINER function owned by that role, where PostgreSQL refuses SET ROLE and SET SESSION AUTHORIZATION ("cannot
 *    set parameter role within security-definer function"). The function lives in pg_temp and disappears with
 *    the rollback;
 *  - session advisory locks survive a rollback, so any taken while planning or running are released before the
 *    function returns;
 *  - every statement that carries the listed text goes through the extended protocol, which refuses several
 *    statements in one text whatever prepareExplainableText's regex made of it; inside the function the text runs
 *    through a cursor, which refuses them too.
 *
 * Normalized statements carry $1…$n placeholders. Their types are those of the generic plan (PREPARE, then
 * pg_prepared_statements.parameter_types). Plain EXPLAIN shows that generic plan: EXPLAIN EXECUTE of the prepared
 * statement with NULLs under plan_cache_mode = force_generic_plan (PostgreSQL 12+), so the NULLs are never planned
 * with. ANALYZE takes one value per placeholder, typed by the operator, and binds them (plpgsql EXECUTE … USING):
 * never interpolated. EXPLAIN EXECUTE of the prepared statement cannot take bound values ("there is no parameter
 * $1" — EXECUTE's arguments are parsed without the outer parameters), so ANALYZE executes the text with USING, with
 * the prepared statement's types.
 *
 * One file past the usual length on purpose: the role checks, the wrapper and the run are one safety argument, read
 * in one place.
 */
import 'server-only';
import { z } from 'zod';
import { getEnv, type Env } from '../env';
import { AppError, errorMessage, redactSecrets } from '../errors';
import { inRolledBackTransaction } from './client';
import { bool, NO_COLUMNS, text, textArray, type TransactionRunner } from './rows';

const EXPLAINABLE = /^(SELECT|WITH|VALUES|TABLE|INSERT|UPDATE|DELETE|MERGE)\b/i;
const WRITES = /^(INSERT|UPDATE|DELETE|MERGE)\b/i;
const PREPARED_NAME = 'halcytone_console_explain';
/** Raised by the temporary function when an operator's value does not fit its parameter's type. */
const VALUE_REFUSED = 'HC001';

export interface PlanNode {
  nodeType: string;
  relation: string | null;
  index: string | null;
  startupCost: number;
  totalCost: number;
  planRows: number;
  actualTotalMs: number | null;
  actualRows: number | null;
  loops: number | null;
  detail: string | null;
  children: PlanNode[];
}

export interface ExplainResult {
  analyzed: boolean;
  generic: boolean;
  /** The type of each $n, from the generic plan (empty without placeholders). */
  parameterTypes: string[];
  /** The role the statement was planned (and, for ANALYZE, run) as. */
  role: string;
  planningMs: number | null;
  executionMs: number | null;
  plan: PlanNode;
}

interface RawPlan {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Startup Cost': number;
  'Total Cost': number;
  'Plan Rows': number;
  'Actual Total Time'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Filter?: string;
  'Index Cond'?: string;
  'Hash Cond'?: string;
  'Join Type'?: string;
  Plans?: RawPlan[];
}

const rawPlanSchema: z.ZodType<RawPlan> = z.lazy(() =>
  z
    .object({
      'Node Type': z.string(),
      'Relation Name': z.string().optional(),
      'Index Name': z.string().optional(),
      'Startup Cost': z.number(),
      'Total Cost': z.number(),
      'Plan Rows': z.number(),
      'Actual Total Time': z.number().optional(),
      'Actual Rows': z.number().optional(),
      'Actual Loops': z.number().optional(),
      Filter: z.string().optional(),
      'Index Cond': z.string().optional(),
      'Hash Cond': z.string().optional(),
      'Join Type': z.string().optional(),
      Plans: z.array(rawPlanSchema).optional(),
    })
    .loose(),
);

/** EXPLAIN (FORMAT JSON) returns one row whose json column holds the plan. */
const planRow = z.object({
  'QUERY PLAN': z
    .array(
      z
        .object({
          Plan: rawPlanSchema,
          'Planning Time': z.number().optional(),
          'Execution Time': z.number().optional(),
        })
        .loose(),
    )
    .length(1),
});

function toPlanNode(raw: RawPlan): PlanNode {
  const detail = raw['Index Cond'] ?? raw['Hash Cond'] ?? raw.Filter ?? null;
  return {
    nodeType: raw['Join Type'] ? `${raw['Node Type']} (${raw['Join Type']})` : raw['Node Type'],
    relation: raw['Relation Name'] ?? null,
    index: raw['Index Name'] ?? null,
    startupCost: raw['Startup Cost'],
    totalCost: raw['Total Cost'],
    planRows: raw['Plan Rows'],
    actualTotalMs: raw['Actual Total Time'] ?? null,
    actualRows: raw['Actual Rows'] ?? null,
    loops: raw['Actual Loops'] ?? null,
    detail,
    children: (raw.Plans ?? []).map(toPlanNode),
  };
}

/** Removes comments and a trailing semicolon; refuses anything that is not exactly one explainable statement. */
export function prepareExplainableText(text: string): { statement: string; parameterCount: number } {
  const statement = text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .trim()
    .replace(/;\s*$/, '');
  const withoutStrings = statement.replace(/'(?:[^']|'')*'/g, "''");
  if (withoutStrings.includes(';'))
    throw new AppError('invalid_input', 'EXPLAIN takes one statement only; this text holds several.');
  if (!EXPLAINABLE.test(statement)) {
    throw new AppError(
      'invalid_input',
      'Only SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES and TABLE statements can be explained.',
    );
  }
  const parameters = [...withoutStrings.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  return { statement, parameterCount: parameters.length ? Math.max(...parameters) : 0 };
}

/** The role EXPLAIN (plain and ANALYZE) runs as, and the variable it came from (named in every refusal). */
export interface ExplainRoleSetting {
  name: string;
  variable: 'EXPLAIN_ROLE' | 'APP_DB_ROLE';
}

/** EXPLAIN_ROLE when set, else APP_DB_ROLE (used only when that role exists on the server). */
export function explainRoleFrom(env: Pick<Env, 'EXPLAIN_ROLE' | 'APP_DB_ROLE'>): ExplainRoleSetting {
  return env.EXPLAIN_ROLE
    ? { name: env.EXPLAIN_ROLE, variable: 'EXPLAIN_ROLE' }
    : { name: env.APP_DB_ROLE, variable: 'APP_DB_ROLE' };
}

/**
 * Predefined roles whose members act outside the transaction or the database (PostgreSQL docs, "Predefined Roles"):
 * reading and writing server files, running programs (COPY … TO PROGRAM), signalling other roles' backends or
 * autovacuum workers (pg_signal_autovacuum_worker, 18+), forcing a checkpoint (pg_checkpoint, 15+). Matched by
 * name, so a major without one of them simply has no member of it.
 */
const UNSAFE_PREDEFINED_ROLES = [
  'pg_write_server_files',
  'pg_read_server_files',
  'pg_execute_server_program',
  'pg_signal_backend',
  'pg_signal_autovacuum_worker',
  'pg_checkpoint',
];

/**
 * Functions revoked from PUBLIC by default whose effect a rollback does not undo: an operator's Explain must not
 * reset statistics (an admin's action), reload or rotate, switch WAL or write server files through them.
 */
const ADMIN_FUNCTIONS = [
  'pg_stat_statements_reset',
  'pg_stat_reset',
  'pg_stat_reset_shared',
  'pg_stat_reset_single_table_counters',
  'pg_stat_reset_single_function_counters',
  'pg_stat_reset_slru',
  'pg_stat_reset_replication_slot',
  'pg_reload_conf',
  'pg_rotate_logfile',
  'pg_switch_wal',
  'pg_create_restore_point',
  'pg_promote',
  'lo_export',
  'lo_import',
];

const roleRow = z.object({
  consoleRole: text,
  database: text,
  exists: bool,
  canSetRole: bool,
  /** Roles it is (or can become, by membership) that are superusers, bypass RLS, create roles, replicate or are unsafe. */
  powers: textArray,
  /** Roles that can log in whose privileges it has (itself included): it may signal their sessions. */
  loginRoles: textArray,
  adminFunctions: textArray,
  canUseTemp: bool,
  canUsePlpgsql: bool,
});

/** Why EXPLAIN may not run as the role, with what to do; null when it may. Reads as the console's own role. */
async function findRoleProblem(run: TransactionRunner, role: ExplainRoleSetting): Promise<string | null> {
  const [row] = await run(
    roleRow,
    `
    SELECT
      session_user AS "consoleRole",
      current_database() AS "database",
      r.oid IS NOT NULL AS "exists",
      coalesce(pg_has_role(session_user, r.oid, 'MEMBER'), false) AS "canSetRole",
      ARRAY(
        SELECT g.rolname || ' (' || concat_ws(', ',
          CASE WHEN g.rolsuper THEN 'SUPERUSER' END,
          CASE WHEN g.rolbypassrls THEN 'BYPASSRLS' END,
          CASE WHEN g.rolcreaterole THEN 'CREATEROLE' END,
          CASE WHEN g.rolreplication THEN 'REPLICATION' END,
          CASE WHEN g.rolname = ANY ($2::text[]) THEN 'predefined role' END) || ')'
        FROM pg_roles g
        WHERE r.oid IS NOT NULL AND pg_has_role(r.oid, g.oid, 'MEMBER')
          AND (g.rolsuper OR g.rolbypassrls OR g.rolcreaterole OR g.rolreplication OR g.rolname = ANY ($2::text[]))
        ORDER BY g.oid <> r.oid, g.rolname
      ) AS "powers",
      -- pg_cancel_backend and pg_terminate_backend signal the backends of any role whose privileges the caller has
      -- (PostgreSQL docs, "Server Signaling Functions"): USAGE, i.e. itself or by inherited membership.
      ARRAY(
        SELECT g.rolname::text
        FROM pg_roles g
        WHERE r.oid IS NOT NULL AND g.rolcanlogin AND pg_has_role(r.oid, g.oid, 'USAGE')
        ORDER BY g.oid <> r.oid, g.rolname
      ) AS "loginRoles",
      ARRAY(
        SELECT DISTINCT p.proname::text
        FROM pg_proc p
        WHERE r.oid IS NOT NULL AND p.proname = ANY ($3::text[]) AND has_function_privilege(r.oid, p.oid, 'EXECUTE')
        ORDER BY 1
      ) AS "adminFunctions",
      coalesce(has_database_privilege(r.oid, current_database(), 'TEMPORARY'), false) AS "canUseTemp",
      coalesce(has_language_privilege(r.oid, 'plpgsql', 'USAGE'), false) AS "canUsePlpgsql"
    FROM (SELECT 1) AS one
    LEFT JOIN pg_roles r ON r.rolname = $1
  `,
    [role.name, UNSAFE_PREDEFINED_ROLES, ADMIN_FUNCTIONS],
  );
  const named =
    role.variable === 'APP_DB_ROLE'
      ? `EXPLAIN_ROLE is unset, and APP_DB_ROLE names the role "${role.name}"`
      : `EXPLAIN_ROLE names the role "${role.name}"`;
  const dedicatedRole = `CREATE ROLE halcytone_explain NOLOGIN; GRANT SELECT ON <the application's tables> TO halcytone_explain; GRANT halcytone_explain TO ${row.consoleRole}; then set EXPLAIN_ROLE=halcytone_explain.`;
  if (!row.exists) {
    return role.variable === 'APP_DB_ROLE'
      ? `no role is set up to run it as: EXPLAIN_ROLE is unset and APP_DB_ROLE's role "${role.name}" does not exist on this server. Create a role that cannot log in and may read the application's tables: ${dedicatedRole}`
      : `${named}, which does not exist on this server. Create it (a role without SUPERUSER that cannot log in, e.g. CREATE ROLE ${role.name} NOLOGIN;) or change EXPLAIN_ROLE.`;
  }
  if (row.powers.length > 0) {
    return `${named}, which is or can become ${row.powers.join(', ')}: a statement run as it could act outside the rolled-back transaction. Use a role without these (e.g. REVOKE the membership) or set EXPLAIN_ROLE to another role.`;
  }
  if (row.loginRoles.length > 0) {
    const inherited = row.loginRoles.filter((name) => name !== role.name);
    const why = [
      inherited.length < row.loginRoles.length ? 'can log in' : null,
      inherited.length > 0
        ? `has the privileges of ${inherited.join(', ')}, ${inherited.length === 1 ? 'a role' : 'roles'} that can log in`
        : null,
    ]
      .filter(Boolean)
      .join(' and ');
    return `${named}, which ${why}: PostgreSQL lets a role signal (pg_cancel_backend, pg_terminate_backend) the sessions of every role whose privileges it has, so a function planted in a listed statement could end those sessions, the application's connections among them. Use a role nobody logs in as, with no such membership: ${dedicatedRole}`;
  }
  if (row.adminFunctions.length > 0) {
    return `${named}, which may execute ${row.adminFunctions.join(', ')} (admin-only by default; a rollback does not undo them). REVOKE EXECUTE ON FUNCTION … FROM ${role.name}, or set EXPLAIN_ROLE to another role.`;
  }
  if (!row.canSetRole)
    return `the console connects as "${row.consoleRole}", which cannot SET ROLE to "${role.name}" (${role.variable}). Run GRANT ${role.name} TO ${row.consoleRole};`;
  if (!row.canUseTemp)
    return `"${role.name}" (${role.variable}) may not create temporary objects, which the console's read-only wrapper needs. Run GRANT TEMPORARY ON DATABASE ${row.database} TO ${role.name};`;
  if (!row.canUsePlpgsql)
    return `"${role.name}" (${role.variable}) may not use PL/pgSQL, which the console's read-only wrapper is written in. Run GRANT USAGE ON LANGUAGE plpgsql TO ${role.name};`;
  return null;
}

const parameterTypesRow = z.object({ types: textArray });

/**
 * PREPAREs the statement (parse analysis only: nothing is planned or run) read-only, and returns the type of each
 * $n. format_type gives names quoted where needed, so they can be written into the wrapper's declarations.
 *
 * The wrapper must be created after this (ANALYZE declares a variable per type) and CREATE FUNCTION is refused in
 * a read-only transaction, which cannot be made writable again. The PREPARE therefore runs inside a savepoint
 * made read-only: rolling back to it restores the transaction's read-write mode (PostgreSQL docs, SET: "The effects
 * of SET or SET LOCAL are also canceled by rolling back to a savepoint that is earlier than the command"; checked
 * on 12 to 18 by explain-version.test.ts), while the prepared statement, which is not transactional, stays.
 */
async function prepareReadOnly(run: TransactionRunner, statement: string): Promise<string[]> {
  await run(NO_COLUMNS, `SAVEPOINT ${PREPARED_NAME}`);
  await run(NO_COLUMNS, 'SET LOCAL transaction_read_only = on');
  await run(NO_COLUMNS, `PREPARE ${PREPARED_NAME} AS ${statement}`);
  const [row] = await run(
    parameterTypesRow,
    `SELECT ARRAY(SELECT format_type(t.oid, NULL) FROM unnest(parameter_types::oid[]) WITH ORDINALITY AS t(oid, n) ORDER BY t.n) AS types
     FROM pg_prepared_statements WHERE name = $1`,
    [PREPARED_NAME],
  );
  await run(NO_COLUMNS, `ROLLBACK TO SAVEPOINT ${PREPARED_NAME}`);
  return row.types;
}

/**
 * The temporary SECURITY DEFINER wrapper, created by the EXPLAIN role so it owns it. It runs one EXPLAIN command
 * given as a bound value. Each operator's value is converted inside it (a domain's CHECK may call a planted
 * function too), into a variable of the parameter's type, then bound with USING. Only the catalog's type names and
 * positions are written into the text. FOR … IN EXECUTE opens a cursor, which PostgreSQL refuses for a text holding
 * several statements ("cannot open multi-query plan as cursor"); EXECUTE … INTO would run them all.
 */
function wrapperSql(types: readonly string[]): string {
  const declarations = types.map((type, i) => `p${i + 1} ${type};`).join(' ');
  const conversions = types
    .map(
      (_, i) => `
    BEGIN
      p${i + 1} := "values"[${i + 1}];
    EXCEPTION WHEN data_exception OR integrity_constraint_violation THEN
      RAISE EXCEPTION USING ERRCODE = '${VALUE_REFUSED}', MESSAGE = SQLERRM, DETAIL = '${i + 1}';
    END;`,
    )
    .join('');
  const using = types.length > 0 ? ` USING ${types.map((_, i) => `p${i + 1}`).join(', ')}` : '';
  return `
  CREATE FUNCTION pg_temp.${PREPARED_NAME}(command text, "values" text[]) RETURNS json
  LANGUAGE plpgsql SECURITY DEFINER AS $wrapper$
  DECLARE plan json; line record; ${declarations}
  BEGIN${conversions}
    BEGIN
      FOR line IN EXECUTE command${using} LOOP
        plan := line."QUERY PLAN";
      END LOOP;
    EXCEPTION WHEN OTHERS OR query_canceled THEN
      PERFORM pg_advisory_unlock_all();
      RAISE;
    END;
    PERFORM pg_advisory_unlock_all();
    RETURN plan;
  END $wrapper$`;
}

/** A driver error's SQLSTATE, message and detail, when it has them. */
function sqlError(error: unknown): { code?: string; detail?: string; message: string } {
  const { code, detail } = error as { code?: unknown; detail?: unknown };
  return {
    code: typeof code === 'string' ? code : undefined,
    detail: typeof detail === 'string' ? detail : undefined,
    message: redactSecrets(errorMessage(error)),
  };
}

/** "Explain" or "EXPLAIN ANALYZE", as the Queries page's buttons say. */
const labelOf = (analyze: boolean) => (analyze ? 'EXPLAIN ANALYZE' : 'Explain');

/** Why neither Explain nor EXPLAIN ANALYZE runs without a usable role, after the role's problem. */
function refusal(analyze: boolean, problem: string): string {
  return `${labelOf(analyze)} is refused: ${problem} Explain and EXPLAIN ANALYZE both need such a role: the planner runs IMMUTABLE and STABLE functions, which anyone may have planted in a listed statement, so the console never plans one as its own role.`;
}

/** What went wrong, said in terms of what the operator chose; other errors pass through. */
function explainFailure(
  error: unknown,
  { analyze, role, types, writes }: { analyze: boolean; role: string; types: readonly string[]; writes: boolean },
): unknown {
  if (error instanceof AppError) return error;
  const label = labelOf(analyze);
  const { code, detail, message } = sqlError(error);
  if ((code === '42601' && /multiple commands/.test(message)) || (code === '42P11' && /multi-query/.test(message))) {
    return new AppError(
      'invalid_input',
      `EXPLAIN takes one statement only: PostgreSQL reads this text as several statements (${message}).`,
      { cause: error },
    );
  }
  if (code === VALUE_REFUSED) {
    const position = Number(detail);
    return new AppError(
      'invalid_input',
      `The value for $${position} (${types[position - 1] ?? 'unknown type'}) cannot be used: ${message}.`,
      { cause: error },
    );
  }
  if (code === '25006') {
    return new AppError(
      'query_failed',
      `The statement, or a function it calls, tried to change something, and ${label} runs read-only: nothing was changed (${message}).`,
      { cause: error },
    );
  }
  if (
    code === '0LP01' ||
    code === '42725' ||
    (code === '22023' && /role/.test(message)) ||
    (code === '42501' && /denied to set role/.test(message))
  ) {
    return new AppError('insufficient_privilege', `The console cannot run ${label} as "${role}": ${message}.`, {
      cause: error,
    });
  }
  if (code === '42501' && /permission denied for /.test(message)) {
    // EXPLAIN checks the statement's object privileges as the current user even without ANALYZE (executor start).
    const grant = writes
      ? `Explaining a write needs the write privilege too; GRANT it to ${role}: the transaction is read-only, so ${role} can never use it to write.`
      : `GRANT it to ${role}, or set EXPLAIN_ROLE to a role that has it.`;
    return new AppError(
      'insufficient_privilege',
      `${label} runs as "${role}", which lacks a privilege the statement needs: ${message}. ${grant}`,
      { cause: error },
    );
  }
  if (code === '42501') {
    // Something planted code tried (signal a backend, SET ROLE inside the wrapper): no GRANT to advise.
    return new AppError(
      'insufficient_privilege',
      `${label} runs as "${role}", which may not do what the statement or a function it calls tried: ${message}.`,
      { cause: error },
    );
  }
  return error;
}

function requireValues(types: readonly string[], values: readonly string[]): void {
  if (values.length === types.length) return;
  const wanted = types.map((type, i) => `$${i + 1} ${type}`).join(', ');
  throw new AppError(
    'invalid_input',
    types.length === 0
      ? `This statement has no parameters; ${values.length} value(s) were given.`
      : `This statement has ${types.length} parameter(s) (${wanted}); ${values.length} value(s) were given. Type one value per parameter.`,
  );
}

/** What the operator needs before an ANALYZE: each placeholder's type, and why ANALYZE would be refused (or null). */
export interface AnalyzeReadiness {
  parameterTypes: string[];
  role: string;
  problem: string | null;
}

export async function describeStatementForAnalyze(
  text: string,
  { role, timeoutMs }: { role: ExplainRoleSetting; timeoutMs: number },
): Promise<AnalyzeReadiness> {
  const { statement } = prepareExplainableText(text);
  return inRolledBackTransaction(
    timeoutMs,
    async (run) => {
      try {
        const parameterTypes = await prepareReadOnly(run, statement);
        const roleProblem = await findRoleProblem(run, role);
        const problem = WRITES.test(statement)
          ? 'EXPLAIN ANALYZE runs read-only, so a statement that writes cannot be analysed; use Explain.'
          : roleProblem && refusal(true, roleProblem);
        return { parameterTypes, role: role.name, problem };
      } catch (error) {
        throw explainFailure(error, { analyze: true, role: role.name, types: [], writes: false });
      }
    },
    { extendedProtocol: true },
  );
}

export interface ExplainOptions {
  analyze: boolean;
  timeoutMs: number;
  /** Who EXPLAIN plans (and ANALYZE runs) the statement as; default explainRoleFrom(getEnv()). */
  role?: ExplainRoleSetting;
  /** ANALYZE only: one value per $n, as typed, converted to the parameter's type by the server. */
  parameters?: readonly string[];
  /** ANALYZE only: called once every check passed, right before the statement runs (the audit entry). */
  beforeAnalyze?: (run: { role: string; parameterTypes: string[] }) => Promise<void>;
}

export async function runExplain(text: string, options: ExplainOptions): Promise<ExplainResult> {
  const { analyze, timeoutMs, role = explainRoleFrom(getEnv()) } = options;
  const { statement } = prepareExplainableText(text);
  const writes = WRITES.test(statement);
  if (analyze && writes) {
    throw new AppError(
      'invalid_input',
      'EXPLAIN ANALYZE runs the statement read-only, so INSERT, UPDATE, DELETE and MERGE cannot be analysed; use Explain for their plan.',
    );
  }
  let parameterTypes: string[] = [];
  const output = await inRolledBackTransaction(
    timeoutMs,
    async (run) => {
      try {
        // The role checks read the catalog only; the PREPARE is parse analysis only, read-only.
        const problem = await findRoleProblem(run, role);
        if (problem) throw new AppError('conflict', refusal(analyze, problem));
        parameterTypes = await prepareReadOnly(run, statement);
        const values = analyze ? (options.parameters ?? []) : [];
        if (analyze) requireValues(parameterTypes, values);
        await run(NO_COLUMNS, `SELECT set_config('role', $1, true)`, [role.name]);
        await run(NO_COLUMNS, wrapperSql(analyze ? parameterTypes : []));
        // Read-only from here on: a transaction may become read-only at any point, never writable again once a
        // query has run (PostgreSQL refuses "transaction read-write mode must be set before any query").
        await run(NO_COLUMNS, 'SET LOCAL transaction_read_only = on');
        let command: string;
        if (analyze) {
          await options.beforeAnalyze?.({ role: role.name, parameterTypes });
          command = `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement}`;
        } else {
          // The prepared statement's generic plan: the NULLs fill the placeholders and are never planned with.
          await run(NO_COLUMNS, 'SET LOCAL plan_cache_mode = force_generic_plan');
          command = `EXPLAIN (FORMAT JSON) EXECUTE ${PREPARED_NAME}${parameterTypes.length > 0 ? `(${parameterTypes.map(() => 'NULL').join(', ')})` : ''}`;
        }
        return (
          await run(planRow, `SELECT pg_temp.${PREPARED_NAME}($1, $2::text[]) AS "QUERY PLAN"`, [command, values])
        )[0]['QUERY PLAN'];
      } catch (error) {
        throw explainFailure(error, { analyze, role: role.name, types: parameterTypes, writes });
      }
    },
    { extendedProtocol: true },
  );
  const [parsed] = output;
  return {
    analyzed: analyze,
    generic: !analyze && parameterTypes.length > 0,
    parameterTypes,
    role: role.name,
    planningMs: parsed['Planning Time'] ?? null,
    executionMs: parsed['Execution Time'] ?? null,
    plan: toPlanNode(parsed.Plan),
  };
}
