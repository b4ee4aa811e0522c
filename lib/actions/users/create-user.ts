'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { forgetConsoleUsers, requireRole } from '../../auth/session';
import { ROLES } from '../../auth/roles';
import { getPrisma } from '../../db';
import { insertUser, type UserSummary } from '../../users/users';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const createUserSchema = z.object({
  email: z.email('Enter a valid e-mail address.').max(320),
  name: z.string().trim().min(1, 'Enter a name.').max(200),
  role: z.enum(ROLES, 'Choose viewer, operator or admin.'),
  password: z.string().min(12, 'Use at least 12 characters.').max(1024),
});

export async function createUser(
  _previous: ActionResult<UserSummary> | null,
  form: FormData,
): Promise<ActionResult<UserSummary>> {
  try {
    const admin = await requireRole('admin');
    const parsed = createUserSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return invalidInput(parsed.error);
    const user = await insertUser(getPrisma(), admin, parsed.data);
    forgetConsoleUsers();
    revalidatePath('/admin/users');
    return { ok: true, data: user };
  } catch (error) {
    return toActionFailure(error);
  }
}
