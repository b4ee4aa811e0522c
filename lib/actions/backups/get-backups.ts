'use server';
import { requireRole } from '../../auth/session';
import { loadBackupOverview, type BackupOverview } from '../../backup/overview';
import { toActionFailure, type ActionResult } from '../result';

/** Polled by the Backups page: every second while something runs, else every 10 s. */
export async function getBackups(): Promise<ActionResult<BackupOverview>> {
  try {
    await requireRole('viewer');
    return { ok: true, data: await loadBackupOverview() };
  } catch (error) {
    return toActionFailure(error);
  }
}
