'use server';
import { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { hasRole } from '../../auth/roles';
import { requireRole } from '../../auth/session';
import { requireRoleOn, roleOn } from '../../auth/target-roles';
import { requestRestoreCancel } from '../../backup/restore';
import { getPrisma } from '../../db';
import { AppError } from '../../errors';
import { PRIMARY_TARGET } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';
import { recordId } from './record-id';

const cancelSchema = z.object({ restoreId: recordId('restore') });

/**
 * Stops a running restore-verify (operator, as starting one) or full restore (admin, as starting one): pg_restore is
 * killed and its sessions ended; a verify's scratch database is dropped.
 */
export async function cancelRestore(input: { restoreId: string }): Promise<ActionResult<null>> {
  try {
    const user = await requireRole('operator');
    // Backups are pg_dump/pg_restore of the primary (DATABASE_URL): the role there decides.
    requireRoleOn(user, PRIMARY_TARGET);
    const parsed = cancelSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const { restoreId } = parsed.data;
    const run = await getPrisma().restoreRun.findUnique({
      where: { id: BigInt(restoreId) },
      select: { kind: true, backupId: true },
    });
    if (!run) throw new AppError('not_found', `Restore ${restoreId} does not exist.`);
    // One requireRole per action (e2e/access.spec.ts reads it as the action's role); a full restore needs more.
    const there = roleOn(user, PRIMARY_TARGET);
    if (run.kind === 'restore' && !hasRole(there, 'admin'))
      throw new AppError(
        'forbidden',
        `Cancelling a full restore needs the admin role on ${PRIMARY_TARGET}; you are ${there}.`,
      );
    if (!(await requestRestoreCancel(restoreId, user.email)))
      throw new AppError('conflict', `Restore ${restoreId} is not running.`);
    await recordAuditEvent(getPrisma(), {
      actor: user,
      action: run.kind === 'restore' ? 'backup.restore.cancel' : 'backup.verify.cancel',
      target: `backup:${run.backupId}`,
      after: { restoreId },
    });
    return { ok: true, data: null };
  } catch (error) {
    return toActionFailure(error);
  }
}
