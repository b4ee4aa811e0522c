/** The schedule and retention settings: one row in console.backup_settings, changed by admins, audited. */
import 'server-only';
import { z } from 'zod';
import type { AuditActor } from '../audit/record-audit-event';
import { recordAuditEvent } from '../audit/record-audit-event';
import { getPrisma } from '../db';
import { AppError } from '../errors';
import { compressionSchema } from './options';
import { validateCron } from './schedule';

export interface BackupSettingsView {
  backupCron: string;
  backupEnabled: boolean;
  verifyCron: string;
  verifyEnabled: boolean;
  retentionDays: number;
  keepNewest: number;
  compression: number;
  lastBackupSlot: Date | null;
  lastVerifySlot: Date | null;
  backupScheduleSetAt: Date;
  verifyScheduleSetAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

export const settingsSchema = z.object({
  backupCron: z.string().max(200, 'A cron expression has at most 200 characters.'),
  backupEnabled: z.boolean(),
  verifyCron: z.string().max(200, 'A cron expression has at most 200 characters.'),
  verifyEnabled: z.boolean(),
  retentionDays: z
    .number('Retention must be a number of days.')
    .int('Retention is a whole number of days.')
    .min(1, 'Keep backups at least 1 day.')
    .max(3650, 'Keep backups at most 3650 days.'),
  keepNewest: z
    .number('Keep at least this many must be a number.')
    .int('Keep a whole number of backups.')
    .min(1, 'The newest successful backup is always kept: at least 1.')
    .max(1000, 'At most 1000.'),
  compression: compressionSchema,
});

export type BackupSettingsInput = z.infer<typeof settingsSchema>;

/** The settings an admin edits (the form's fields), without the bookkeeping: what the audit log and the page show. */
export function editableSettings(settings: BackupSettingsView): BackupSettingsInput {
  const { backupCron, backupEnabled, verifyCron, verifyEnabled, retentionDays, keepNewest, compression } = settings;
  return { backupCron, backupEnabled, verifyCron, verifyEnabled, retentionDays, keepNewest, compression };
}

export async function getBackupSettings(): Promise<BackupSettingsView> {
  const settings = await getPrisma().backupSettings.findUnique({ where: { id: 1 } });
  if (!settings)
    throw new AppError('not_found', 'The backup settings row is missing; run the migrations (npm start does).');
  return settings;
}

/** Saves new settings; a changed or re-enabled schedule starts from now (no run for a slot that already passed). */
export async function updateBackupSettings(
  actor: AuditActor,
  input: BackupSettingsInput,
  timezone: string,
): Promise<BackupSettingsView> {
  const backupCron = validateCron(input.backupCron, timezone);
  const verifyCron = validateCron(input.verifyCron, timezone);
  return getPrisma().$transaction(async (tx) => {
    const before = await tx.backupSettings.findUniqueOrThrow({ where: { id: 1 } });
    const now = new Date();
    // A schedule that changed, or was switched back on, starts from now; saving anything else (retention, say)
    // must not make tonight's slot count as "set after".
    const backupReset = backupCron !== before.backupCron || (input.backupEnabled && !before.backupEnabled);
    const verifyReset = verifyCron !== before.verifyCron || (input.verifyEnabled && !before.verifyEnabled);
    const after = await tx.backupSettings.update({
      where: { id: 1 },
      data: {
        ...input,
        backupCron,
        verifyCron,
        updatedAt: now,
        updatedBy: actor.email,
        ...(backupReset ? { backupScheduleSetAt: now } : {}),
        ...(verifyReset ? { verifyScheduleSetAt: now } : {}),
      },
    });
    await recordAuditEvent(tx, {
      actor,
      action: 'backup.settings.update',
      target: 'backup-settings',
      before: editableSettings(before),
      after: editableSettings(after),
    });
    return after;
  });
}
