'use server';
import { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { requireRole } from '../../auth/session';
import { getPrisma } from '../../db';
import { getEnv } from '../../env';
import { AppError } from '../../errors';
import { explainRoleFrom, runExplain, type ExplainResult } from '../../pg/explain';
import { findStatementText } from '../../pg/statements';
import { onNamedTarget } from '../../targets/selection';
import { invalidInput, toActionFailure, type ActionResult } from '../result';
import { explainParametersSchema, queryIdSchema } from './statement-input';

const explainSchema = z.object({
  target: z.string().min(1, 'Choose a target.'),
  queryId: queryIdSchema,
  analyze: z.boolean(),
  parameters: explainParametersSchema,
});

/**
 * EXPLAIN (operator) of a statement listed on the Queries page, by its queryid, on the target the page showed,
 * planned (and, for ANALYZE, run) as the EXPLAIN role, never as the console's: refused with the reason when there is
 * no usable one. ANALYZE takes one value per $n and is recorded in the audit log — queryid and the normalised text,
 * which holds no literals; the operator's values are not kept — before the statement runs.
 */
export async function explainStatement(input: {
  target: string;
  queryId: string;
  analyze: boolean;
  parameters?: string[];
}): Promise<ActionResult<ExplainResult & { query: string }>> {
  try {
    const operator = await requireRole('operator');
    const parsed = explainSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const { analyze, queryId, parameters } = parsed.data;
    const env = getEnv();
    const data = await onNamedTarget(operator, parsed.data.target, async (target) => {
      const text = await findStatementText(queryId);
      if (!text)
        throw new AppError(
          'not_found',
          'That statement is no longer in pg_stat_statements (statistics were reset or it was evicted).',
        );
      const result = await runExplain(text, {
        analyze,
        parameters,
        timeoutMs: env.PG_STATEMENT_TIMEOUT_MS,
        role: explainRoleFrom(env),
        beforeAnalyze: ({ role, parameterTypes }) =>
          recordAuditEvent(getPrisma(), {
            actor: operator,
            action: 'statements.explain_analyze',
            target: `${target.name}:pg_stat_statements:${queryId}`,
            after: { queryId, query: text, role, parameterTypes },
          }),
      });
      return { ...result, query: text };
    });
    return { ok: true, data };
  } catch (error) {
    return toActionFailure(error);
  }
}
