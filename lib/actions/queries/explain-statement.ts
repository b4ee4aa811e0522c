'use server';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { getEnv } from '../../env';
import { AppError } from '../../errors';
import { explainStatement as runExplain, type ExplainResult } from '../../pg/explain';
import { findStatementText } from '../../pg/statements';
import { onNamedTarget } from '../../targets/selection';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const explainSchema = z.object({
  target: z.string().min(1, 'Choose a target.'),
  queryId: z.string().regex(/^-?\d{1,20}$/, 'Choose a statement from the list.'),
  analyze: z.boolean(),
});

/** EXPLAIN (operator) of a statement listed on the Queries page, by its queryid, on the target the page showed. */
export async function explainStatement(input: { target: string; queryId: string; analyze: boolean }): Promise<ActionResult<ExplainResult & { query: string }>> {
  try {
    await requireRole('operator');
    const parsed = explainSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const { analyze, queryId } = parsed.data;
    const data = await onNamedTarget(parsed.data.target, async () => {
      const text = await findStatementText(queryId);
      if (!text) throw new AppError('not_found', 'That statement is no longer in pg_stat_statements (statistics were reset or it was evicted).');
      return { ...(await runExplain(text, { analyze, timeoutMs: getEnv().PG_STATEMENT_TIMEOUT_MS })), query: text };
    });
    return { ok: true, data };
  } catch (error) {
    return toActionFailure(error);
  }
}
