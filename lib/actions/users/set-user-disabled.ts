'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { forgetConsoleUsers, requireRole } from '../../auth/session';
import { getPrisma } from '../../db';
import { AppError } from '../../errors';
import { writeUserDisabled, type UserSummary } from '../../users/users';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const setUserDisabledSchema = z.object({ userId: z.coerce.number().int().positive(), disabled: z.boolean() });

export async function setUserDisabled(input: {
  userId: number;
  disabled: boolean;
}): Promise<ActionResult<UserSummary>> {
  try {
    const admin = await requireRole('admin');
    const parsed = setUserDisabledSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    if (parsed.data.disabled && parsed.data.userId === admin.id) {
      throw new AppError('conflict', 'You cannot disable your own account.');
    }
    const user = await writeUserDisabled(getPrisma(), admin, parsed.data.userId, parsed.data.disabled);
    forgetConsoleUsers();
    revalidatePath('/admin/users');
    return { ok: true, data: user };
  } catch (error) {
    return toActionFailure(error);
  }
}
