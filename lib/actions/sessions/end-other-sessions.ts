'use server';
import { revalidatePath } from 'next/cache';
import { requireRole } from '../../auth/session';
import { endSessionsExcept } from '../../auth/user-sessions';
import { AppError } from '../../errors';
import { toActionFailure, type ActionResult } from '../result';

/**
 * Anyone signed in ends their own sessions other than the one they use ("sign out everywhere else"). It takes no
 * input: whose sessions and which one to keep come from the session itself, never from the caller.
 */
export async function endOtherSessions(): Promise<ActionResult<{ ended: number }>> {
  try {
    const user = await requireRole('viewer');
    if (!user.sessionId) throw new AppError('unauthenticated', 'Sign in again: this session is not recorded.');
    const ended = await endSessionsExcept(user, user.sessionId);
    revalidatePath('/sessions');
    return { ok: true, data: { ended } };
  } catch (error) {
    return toActionFailure(error);
  }
}
