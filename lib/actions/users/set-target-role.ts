'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ROLES } from '../../auth/roles';
import { forgetConsoleUsers, requireRole } from '../../auth/session';
import { getPrisma } from '../../db';
import { AppError } from '../../errors';
import { listTargets } from '../../targets/registry';
import { TARGET_NAME_PATTERN } from '../../targets/target-list';
import { writeTargetRole, type TargetRoleRow } from '../../users/target-roles';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const setTargetRoleSchema = z.object({
  userId: z.coerce.number().int().positive('Choose a user.'),
  target: z.string('Choose a target.').regex(TARGET_NAME_PATTERN, 'Choose a target from the list.'),
  role: z.enum(ROLES, 'Choose viewer, operator or admin, or clear the role.').nullable(),
});

/**
 * Admin: narrows a user's role on one target (operator everywhere, viewer on `primary`), or clears the narrowing
 * (role null). Audited; it applies from the user's next request (lib/auth/session.ts reads the rows with the user).
 */
export async function setTargetRole(input: {
  userId: number;
  target: string;
  role: string | null;
}): Promise<ActionResult<TargetRoleRow[]>> {
  try {
    const admin = await requireRole('admin');
    const parsed = setTargetRoleSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const { userId, target, role } = parsed.data;
    // Narrowing names a target that exists; clearing may name one since removed (its row narrows nothing, but the
    // page lists it: a narrowing is kept with the target's removal, so a new target of that name starts narrowed).
    if (role !== null && !(await listTargets()).some((candidate) => candidate.name === target))
      throw new AppError('not_found', `There is no target named "${target}"; choose one from the list.`);
    const rows = await writeTargetRole(getPrisma(), admin, userId, target, role);
    forgetConsoleUsers();
    revalidatePath('/admin/users');
    return { ok: true, data: rows };
  } catch (error) {
    return toActionFailure(error);
  }
}
