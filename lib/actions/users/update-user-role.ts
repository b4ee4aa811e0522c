'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { forgetConsoleUsers, requireRole } from '../../auth/session';
import { ROLES } from '../../auth/roles';
import { getPrisma } from '../../db';
import { writeUserRole, type UserSummary } from '../../users/users';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const updateUserRoleSchema = z.object({
  userId: z.coerce.number().int().positive(),
  role: z.enum(ROLES, 'Choose viewer, operator or admin.'),
});

export async function updateUserRole(input: { userId: number; role: string }): Promise<ActionResult<UserSummary>> {
  try {
    const admin = await requireRole('admin');
    const parsed = updateUserRoleSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const user = await writeUserRole(getPrisma(), admin, parsed.data.userId, parsed.data.role);
    forgetConsoleUsers();
    revalidatePath('/admin/users');
    return { ok: true, data: user };
  } catch (error) {
    return toActionFailure(error);
  }
}
