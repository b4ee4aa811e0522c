'use server';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { requireRoleOn } from '../../auth/target-roles';
import { CHECKLIST_ITEM_IDS } from '../../checklist/items';
import { recordRevocation } from '../../checklist/signoffs';
import { PRIMARY_TARGET } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const revokeSchema = z.object({
  itemId: z.enum(CHECKLIST_ITEM_IDS, 'That is not a checklist item.'),
  reason: z
    .string()
    .trim()
    .min(3, 'Say why the sign-off is withdrawn.')
    .max(2000, 'Keep the reason under 2000 characters.'),
});

/** An admin withdraws a sign-off with a new entry; nothing is edited or deleted. */
export async function revokeSignoff(input: {
  itemId: string;
  reason: string;
}): Promise<ActionResult<{ entryId: string }>> {
  try {
    const admin = await requireRole('admin');
    // The checklist is checked on the primary: the role there decides.
    requireRoleOn(admin, PRIMARY_TARGET);
    const parsed = revokeSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const entry = await recordRevocation(admin, parsed.data.itemId, parsed.data.reason);
    return { ok: true, data: { entryId: entry.id } };
  } catch (error) {
    return toActionFailure(error);
  }
}
