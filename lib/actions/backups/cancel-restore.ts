'use server';
import { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { requireRole } from '../../auth/session';
import { requestRestoreCancel } from '../../backup/restore';
import { getPrisma } from '../../db';
import { AppError } from '../../errors';
import { invalidInput, toActionFailure, type ActionResult } from '../result';
import { recordId } from './ids';

const cancelSchema = z.object({ restoreId: recordId('restore') });

/**
 * Stops a running restore-verify (operator, as starting one) or full restore (admin, as starting one): pg_restore is
 * killed and its sessions ended; a verify's scratch database is dropped.
 */
export async function cancelRestoreRun(input: { restoreId: string }): Promise<ActionResult<null>> {
  try {
    const operator = await requireRole('operator');
    const parsed = cancelSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const { restoreId } = parsed.data;
    const run = await getPrisma().restoreRun.findUnique({ where: { id: BigInt(restoreId) }, select: { kind: true, backupId: true } });
    if (!run) throw new AppError('not_found', `Restore ${restoreId} does not exist.`);
    const actor = run.kind === 'restore' ? await requireRole('admin') : operator;
    if (!(await requestRestoreCancel(restoreId, actor.email))) throw new AppError('conflict', `Restore ${restoreId} is not running.`);
    await recordAuditEvent(getPrisma(), { actor, action: run.kind === 'restore' ? 'backup.restore.cancel' : 'backup.verify.cancel', target: `backup:${run.backupId}`, after: { restoreId } });
    return { ok: true, data: null };
  } catch (error) {
    return toActionFailure(error);
  }
}
