'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { removeManagedTarget } from '../../targets/managed-targets';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const idSchema = z.number().int().positive('Choose a target.');

/** Admin: stop watching a target added in the console (confirmed in the UI, audited). */
export async function removeTarget(id: number): Promise<ActionResult<null>> {
  try {
    const admin = await requireRole('admin');
    const parsed = idSchema.safeParse(id);
    if (!parsed.success) return invalidInput(parsed.error);
    await removeManagedTarget(admin, parsed.data);
    revalidatePath('/admin/targets');
    return { ok: true, data: null };
  } catch (error) {
    return toActionFailure(error);
  }
}
