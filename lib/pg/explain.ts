/**
 * EXPLAIN of a statement recorded by pg_stat_statements (chosen by queryid, so the text is the server's own, never
 * typed by a user). One statement only; EXPLAIN ANALYZE runs it inside a transaction that is rolled back, under a
 * statement timeout. Normalized statements carry $1…$n placeholders: they are planned as a generic plan
 * (PREPARE + plan_cache_mode = force_generic_plan), which cannot be ANALYZEd without real values.
 */
import 'server-only';
import { z } from 'zod';
import { AppError } from '../errors';
import { inRolledBackTransaction } from './client';
import { NO_COLUMNS } from './rows';

const EXPLAINABLE = /^(SELECT|WITH|VALUES|TABLE|INSERT|UPDATE|DELETE|MERGE)\b/i;
const PREPARED_NAME = 'halcytone_console_explain';

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
  'Filter'?: string;
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
  'QUERY PLAN': z.array(z.object({ Plan: rawPlanSchema, 'Planning Time': z.number().optional(), 'Execution Time': z.number().optional() }).loose()).length(1),
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
  if (withoutStrings.includes(';')) throw new AppError('invalid_input', 'EXPLAIN takes one statement only; this text holds several.');
  if (!EXPLAINABLE.test(statement)) {
    throw new AppError('invalid_input', 'Only SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES and TABLE statements can be explained.');
  }
  const parameters = [...withoutStrings.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  return { statement, parameterCount: parameters.length ? Math.max(...parameters) : 0 };
}

export async function explainStatement(text: string, { analyze, timeoutMs }: { analyze: boolean; timeoutMs: number }): Promise<ExplainResult> {
  const { statement, parameterCount } = prepareExplainableText(text);
  if (analyze && parameterCount > 0) {
    throw new AppError('invalid_input', `EXPLAIN ANALYZE needs real values for the statement's ${parameterCount} parameter(s); use the plain EXPLAIN, which shows the generic plan.`);
  }
  const output = await inRolledBackTransaction(timeoutMs, async (run) => {
    if (parameterCount === 0) {
      const options = analyze ? 'ANALYZE, BUFFERS, FORMAT JSON' : 'FORMAT JSON';
      return (await run(planRow, `EXPLAIN (${options}) ${statement}`))[0]['QUERY PLAN'];
    }
    await run(NO_COLUMNS, `SET LOCAL plan_cache_mode = force_generic_plan`);
    await run(NO_COLUMNS, `PREPARE ${PREPARED_NAME} AS ${statement}`);
    const nulls = Array.from({ length: parameterCount }, () => 'NULL').join(', ');
    return (await run(planRow, `EXPLAIN (FORMAT JSON) EXECUTE ${PREPARED_NAME}(${nulls})`))[0]['QUERY PLAN'];
  });
  const [parsed] = output;
  return {
    analyzed: analyze,
    generic: parameterCount > 0,
    planningMs: parsed['Planning Time'] ?? null,
    executionMs: parsed['Execution Time'] ?? null,
    plan: toPlanNode(parsed.Plan),
  };
}
