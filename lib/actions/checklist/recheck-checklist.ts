'use server';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { requireRoleOn } from '../../auth/target-roles';
import { CHECKLIST_ITEM_IDS, findChecklistItem } from '../../checklist/items';
import { runAllChecks, runCheck } from '../../checklist/run-checks';
import { PRIMARY_TARGET } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const recheckSchema = z.object({ itemId: z.enum(CHECKLIST_ITEM_IDS, 'That is not a checklist item.').optional() });

/** Re-checks one item, or all twelve one after another (operator: it runs the checks' queries now). */
export async function recheckChecklist(input: { itemId?: string }): Promise<ActionResult<null>> {
  try {
    const operator = await requireRole('operator');
    // The checklist is checked on the primary: the role there decides.
    requireRoleOn(operator, PRIMARY_TARGET);
    const parsed = recheckSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    if (parsed.data.itemId) await runCheck(findChecklistItem(parsed.data.itemId)!);
    else await runAllChecks();
    return { ok: true, data: null };
  } catch (error) {
    return toActionFailure(error);
  }
}
