'use server';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { getEnv } from '../../env';
import { AppError } from '../../errors';
import { describeStatementForAnalyze, explainRoleFrom, type AnalyzeReadiness } from '../../pg/explain';
import { findStatementText } from '../../pg/statements';
import { onNamedTarget } from '../../targets/selection';
import { invalidInput, toActionFailure, type ActionResult } from '../result';
import { queryIdSchema } from './statement-input';

const describeSchema = z.object({ target: z.string().min(1, 'Choose a target.'), queryId: queryIdSchema });

/**
 * Before an EXPLAIN ANALYZE (operator): the type of each $n of a listed statement (from its generic plan), for the
 * form that asks a value per parameter, and why ANALYZE would be refused, if it would. Runs nothing.
 */
export async function describeStatement(input: {
  target: string;
  queryId: string;
}): Promise<ActionResult<AnalyzeReadiness>> {
  try {
    const operator = await requireRole('operator');
    const parsed = describeSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const env = getEnv();
    const data = await onNamedTarget(operator, parsed.data.target, async () => {
      const text = await findStatementText(parsed.data.queryId);
      if (!text)
        throw new AppError(
          'not_found',
          'That statement is no longer in pg_stat_statements (statistics were reset or it was evicted).',
        );
      return describeStatementForAnalyze(text, { role: explainRoleFrom(env), timeoutMs: env.PG_STATEMENT_TIMEOUT_MS });
    });
    return { ok: true, data };
  } catch (error) {
    return toActionFailure(error);
  }
}
