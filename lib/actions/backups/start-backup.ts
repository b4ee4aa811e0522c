'use server';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { requireRole } from '../../auth/session';
import { requireRoleOn } from '../../auth/target-roles';
import { backupOptionsSchema, type BackupOptions } from '../../backup/options';
import { runBackup } from '../../backup/run-backup';
import { getPrisma } from '../../db';
import { errorMessage, redactSecrets } from '../../errors';
import { PRIMARY_TARGET } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

/** Starts a backup (operator). Returns once pg_dump is running; the page follows its progress. */
export async function startBackup(input: BackupOptions): Promise<ActionResult<{ runId: string }>> {
  try {
    const operator = await requireRole('operator');
    // Backups are pg_dump/pg_restore of the primary (DATABASE_URL): the role there decides.
    requireRoleOn(operator, PRIMARY_TARGET);
    const parsed = backupOptionsSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const { runId, finished } = await runBackup({
      options: parsed.data,
      trigger: 'manual',
      startedBy: operator.email,
    });
    // The run records its own outcome; this only keeps a surprise from going unseen in the server log.
    finished.catch((error: unknown) => console.error(`backup ${runId}: ${redactSecrets(errorMessage(error))}`));
    await recordAuditEvent(getPrisma(), {
      actor: operator,
      action: 'backup.start',
      target: `backup:${runId}`,
      after: parsed.data,
    });
    return { ok: true, data: { runId } };
  } catch (error) {
    return toActionFailure(error);
  }
}
