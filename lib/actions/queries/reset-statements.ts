'use server';
import { revalidatePath } from 'next/cache';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { requireRole } from '../../auth/session';
import { getPrisma } from '../../db';
import { resetStatementStats } from '../../pg/statements';
import { onNamedTarget } from '../../targets/selection';
import { toActionFailure, type ActionResult } from '../result';

/** pg_stat_statements_reset() on the target the page showed (admin, confirmed in the UI, audited). */
export async function resetStatements(targetName: string): Promise<ActionResult<{ resetAt: string }>> {
  try {
    const admin = await requireRole('admin');
    const target = await onNamedTarget(admin, targetName, async (target) => (await resetStatementStats(), target));
    const resetAt = new Date().toISOString();
    await getPrisma().$transaction((tx) =>
      recordAuditEvent(tx, {
        actor: admin,
        action: 'statements.reset',
        target: `${target.name}:pg_stat_statements`,
        after: { resetAt },
      }),
    );
    revalidatePath('/queries');
    return { ok: true, data: { resetAt } };
  } catch (error) {
    return toActionFailure(error);
  }
}
