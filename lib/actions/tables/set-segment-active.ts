'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { requireRoleOn } from '../../auth/target-roles';
import { forgetSections } from '../../monitoring/sections';
import { applySegmentActive } from '../../tables/insights/user-segments';
import { PRIMARY_TARGET } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const segmentSchema = z.object({ segmentId: z.string().min(1).max(255), active: z.boolean() });

/** Activates or deactivates a user segment: operator, confirmed in the UI, audited. */
export async function setSegmentActive(input: {
  segmentId: string;
  active: boolean;
}): Promise<ActionResult<{ active: boolean }>> {
  try {
    const operator = await requireRole('operator');
    // The application tables are written on the primary (reads may come from TABLE_READS_FROM): the role there decides.
    requireRoleOn(operator, PRIMARY_TARGET);
    const parsed = segmentSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const result = await applySegmentActive(operator, parsed.data.segmentId, parsed.data.active);
    forgetSections('insights:');
    revalidatePath('/tables/user_segments/insights');
    return { ok: true, data: result };
  } catch (error) {
    return toActionFailure(error);
  }
}
