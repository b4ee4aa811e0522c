'use server';
import { requireRole } from '../../auth/session';
import { requireRoleOn } from '../../auth/target-roles';
import { settingsSchema, updateBackupSettings, type BackupSettingsInput } from '../../backup/settings';
import { getEnv } from '../../env';
import { PRIMARY_TARGET } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

/** Schedule and retention (admin); a malformed cron expression is refused with what is wrong with it. */
export async function saveBackupSettings(input: BackupSettingsInput): Promise<ActionResult<null>> {
  try {
    const admin = await requireRole('admin');
    // The schedule runs pg_dump of the primary: the role there decides.
    requireRoleOn(admin, PRIMARY_TARGET);
    const parsed = settingsSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    await updateBackupSettings(admin, parsed.data, getEnv().BACKUP_TIMEZONE);
    return { ok: true, data: null };
  } catch (error) {
    return toActionFailure(error);
  }
}
