'use server';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { startRestoreVerify } from '../../backup/restore';
import { errorMessage, redactSecrets } from '../../errors';
import { invalidInput, toActionFailure, type ActionResult } from '../result';
import { recordId } from './record-id';

const verifySchema = z.object({ backupId: recordId('backup') });

/** Restores a backup into a scratch database and compares it with its manifest (operator); audited before it starts. */
export async function verifyBackup(input: { backupId: string }): Promise<ActionResult<{ restoreId: string }>> {
  try {
    const operator = await requireRole('operator');
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
