'use server';
import { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { redactQueryText } from '../../audit/redact-query';
import { requireRole } from '../../auth/session';
import { getPrisma } from '../../db';
import { getEnv } from '../../env';
import { AppError } from '../../errors';
import { sendBackendSignal } from '../../pg/activity';
import { onNamedTarget } from '../../targets/selection';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const signalSchema = z.object({
  target: z.string().min(1, 'Choose a target.'),
  pid: z.number().int().positive('Choose a backend process id.'),
  signal: z.enum(['cancel', 'terminate'], 'The signal must be cancel or terminate.'),
});

/** Cancels a backend's statement or terminates its session on the target the page showed (operator, confirmed, audited). */
export async function signalBackend(input: {
  target: string;
  pid: number;
  signal: string;
}): Promise<ActionResult<{ delivered: boolean }>> {
  try {
    const operator = await requireRole('operator');
    if (!getEnv().ALLOW_BACKEND_SIGNALS) {
      throw new AppError(
        'disabled',
        'Cancelling and terminating backends is turned off for this deployment (ALLOW_BACKEND_SIGNALS=false).',
      );
    }
    const parsed = signalSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const { pid, signal } = parsed.data;
    const { target, result } = await onNamedTarget(operator, parsed.data.target, async (target) => ({
      target,
      result: await sendBackendSignal(pid, signal),
    }));
    if (!result) {
      throw new AppError(
        'not_found',
        `Backend ${pid} is not a client session of this database (gone, or a replication, background or console session, which cannot be signalled here).`,
      );
    }
    const { session, delivered } = result;
    await recordAuditEvent(getPrisma(), {
      actor: operator,
      action: `backend.${signal}`,
      target: `${target.name}:pid:${pid}`,
      // The statement's literals may hold secrets: they are not kept (lib/audit/redact-query.ts).
      before: {
        user: session.user,
        application: session.application,
        state: session.state,
        query: redactQueryText(session.query),
      },
      after: { delivered },
    });
    if (!delivered) throw new AppError('not_found', `Backend ${pid} no longer exists or could not be signalled.`);
    return { ok: true, data: { delivered: true } };
  } catch (error) {
    return toActionFailure(error);
  }
}
