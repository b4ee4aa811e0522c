'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { forgetSections } from '../../monitoring/sections';
import { applyScheduledChange } from '../../tables/insights/scheduled-content';
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
