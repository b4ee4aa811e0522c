'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { requireRoleOn } from '../../auth/target-roles';
import { forgetSections } from '../../monitoring/sections';
import { applyScheduledChange } from '../../tables/insights/scheduled-content';
import { PRIMARY_TARGET } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const changeSchema = z.object({
  id: z.number().int().positive('Choose a scheduled item.'),
  change: z.enum(['retry', 'cancel'], 'The change must be retry or cancel.'),
});

/** Retry (failed → pending, retry_count + 1) or cancel a scheduled item: operator, confirmed in the UI, audited. */
export async function changeScheduledItem(input: {
  id: number;
  change: string;
}): Promise<ActionResult<{ status: string }>> {
  try {
    const operator = await requireRole('operator');
    // The application tables are written on the primary (reads may come from TABLE_READS_FROM): the role there decides.
    requireRoleOn(operator, PRIMARY_TARGET);
    const parsed = changeSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const after = await applyScheduledChange(operator, parsed.data.id, parsed.data.change);
    forgetSections('insights:');
    revalidatePath('/tables/scheduled_content/insights');
    return { ok: true, data: { status: after.status } };
  } catch (error) {
    return toActionFailure(error);
  }
}
