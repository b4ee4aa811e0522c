'use server';
import { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { requireRole } from '../../auth/session';
import { requireRoleOn } from '../../auth/target-roles';
import { requestBackupCancel } from '../../backup/run-backup';
import { getPrisma } from '../../db';
import { AppError } from '../../errors';
import { PRIMARY_TARGET } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';
import { recordId } from './record-id';

const cancelSchema = z.object({ runId: recordId('backup') });

/** Stops a running backup (operator); nothing of it is kept. */
export async function cancelBackup(input: { runId: string }): Promise<ActionResult<null>> {
  try {
    const operator = await requireRole('operator');
    // Backups are pg_dump/pg_restore of the primary (DATABASE_URL): the role there decides.
    requireRoleOn(operator, PRIMARY_TARGET);
    const parsed = cancelSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    if (!(await requestBackupCancel(parsed.data.runId)))
      throw new AppError('conflict', `Backup ${parsed.data.runId} is not running.`);
    await recordAuditEvent(getPrisma(), {
      actor: operator,
      action: 'backup.cancel',
      target: `backup:${parsed.data.runId}`,
    });
    return { ok: true, data: null };
  } catch (error) {
    return toActionFailure(error);
  }
}
