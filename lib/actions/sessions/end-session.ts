'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { endSessionAs } from '../../auth/user-sessions';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const endSessionSchema = z.object({ sessionId: z.uuid('Choose a session from the list.') });

/** An admin ends anyone's session: it is refused at its next request, and the audit log says who ended it. */
export async function endSession(input: { sessionId: string }): Promise<ActionResult<null>> {
  try {
    const admin = await requireRole('admin');
    const parsed = endSessionSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    await endSessionAs(admin, parsed.data.sessionId);
    revalidatePath('/sessions');
    return { ok: true, data: null };
  } catch (error) {
    return toActionFailure(error);
  }
}
