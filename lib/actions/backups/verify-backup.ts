'use server';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { requireRoleOn } from '../../auth/target-roles';
import { startRestoreVerify } from '../../backup/restore';
import { errorMessage, redactSecrets } from '../../errors';
import { PRIMARY_TARGET } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';
import { recordId } from './record-id';

const verifySchema = z.object({ backupId: recordId('backup') });

/** Restores a backup into a scratch database and compares it with its manifest (operator); audited before it starts. */
export async function verifyBackup(input: { backupId: string }): Promise<ActionResult<{ restoreId: string }>> {
  try {
    const operator = await requireRole('operator');
    // Backups are pg_dump/pg_restore of the primary (DATABASE_URL): the role there decides.
    requireRoleOn(operator, PRIMARY_TARGET);
    const parsed = verifySchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const { restoreId, finished } = await startRestoreVerify(parsed.data.backupId, operator.email, undefined, {
      actor: operator,
    });
    finished.catch((error: unknown) =>
      console.error(`restore-verify ${restoreId}: ${redactSecrets(errorMessage(error))}`),
    );
    return { ok: true, data: { restoreId } };
  } catch (error) {
    return toActionFailure(error);
  }
}
