'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { forgetConsoleUsers, requireRole } from '../../auth/session';
import { ROLES } from '../../auth/roles';
import { getPrisma } from '../../db';
import { AppError } from '../../errors';
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
    // An identity provider's groups give this person's role at every sign-in (lib/auth/federated-sign-in.ts): a role
    // set here would not last, and must never raise what the provider did not grant.
    const signsInWith = await getPrisma().user.findUnique({
      where: { id: parsed.data.userId },
      select: { identityProvider: true },
    });
    if (signsInWith?.identityProvider)
      throw new AppError(
        'conflict',
        "This person's role comes from the identity provider's groups; change their groups there, or disable them here.",
      );
    const user = await writeUserRole(getPrisma(), admin, parsed.data.userId, parsed.data.role);
    forgetConsoleUsers();
    revalidatePath('/admin/users');
    return { ok: true, data: user };
  } catch (error) {
    return toActionFailure(error);
  }
}
