'use server';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { requireRoleOn } from '../../auth/target-roles';
import { CHECKLIST_ITEM_IDS } from '../../checklist/items';
import { markNotNeeded, signOff } from '../../checklist/signoffs';
import { PRIMARY_TARGET } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const signoffSchema = z.object({
  itemId: z.enum(CHECKLIST_ITEM_IDS, 'That is not a checklist item.'),
  kind: z.enum(['sign', 'not_needed'], 'Sign off, or state that the item is not needed.'),
  comment: z
    .string()
    .trim()
    .min(3, 'Say in a few words what you checked (or why it is not needed).')
    .max(2000, 'Keep the comment under 2000 characters.'),
});

/** An operator or admin signs an item off, or states an "if needed" item is not needed; the evidence is kept. */
export async function changeSignoff(input: {
  itemId: string;
  kind: 'sign' | 'not_needed';
  comment: string;
}): Promise<ActionResult<{ entryId: string }>> {
  try {
    const actor = await requireRole('operator');
    // The checklist is checked on the primary: the role there decides.
    requireRoleOn(actor, PRIMARY_TARGET);
    const parsed = signoffSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const { itemId, kind, comment } = parsed.data;
    const entry = kind === 'sign' ? await signOff(actor, itemId, comment) : await markNotNeeded(actor, itemId, comment);
    return { ok: true, data: { entryId: entry.id } };
  } catch (error) {
    return toActionFailure(error);
  }
}
