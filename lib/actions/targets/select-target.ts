'use server';
import { cookies } from 'next/headers';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { AppError } from '../../errors';
import { listTargets } from '../../targets/registry';
import { TARGET_COOKIE } from '../../targets/selection';
import { TARGET_NAME_PATTERN } from '../../targets/target-list';
import { toActionFailure, type ActionResult } from '../result';

const nameSchema = z.string().regex(TARGET_NAME_PATTERN, 'That is not a target name.');

/** The shell's target picker: which server the monitoring reports show. */
export async function selectTarget(name: string): Promise<ActionResult<{ name: string }>> {
  try {
    await requireRole('viewer');
    const parsed = nameSchema.safeParse(name);
    if (!parsed.success) throw new AppError('invalid_input', parsed.error.issues[0].message);
    if (!(await listTargets()).some((target) => target.name === parsed.data))
      throw new AppError('not_found', `There is no target named "${parsed.data}".`);
    (await cookies()).set(TARGET_COOKIE, parsed.data, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: 60 * 60 * 24 * 365,
    });
    return { ok: true, data: { name: parsed.data } };
  } catch (error) {
    return toActionFailure(error);
  }
}
