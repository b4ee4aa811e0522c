'use server';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { requireRoleOn } from '../../auth/target-roles';
import { startFullRestore } from '../../backup/restore';
import { getDatabaseConnection } from '../../env';
import { errorMessage, redactSecrets } from '../../errors';
import { PRIMARY_TARGET } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';
import { recordId } from './record-id';

const restoreSchema = z
  .object({
    backupId: recordId('backup'),
    targetDatabase: z
      .string()
      .trim()
      .min(1, 'Name the database to restore into.')
      .max(63, 'A database name has at most 63 characters.'),
    /** The user typed the target's name again. */
    confirmation: z.string(),
    /** Restoring over the live database: chosen explicitly, and its name typed a second time. */
    overwriteLiveDatabase: z.boolean(),
    liveConfirmation: z.string().optional(),
    /** Over the live database: also restore the console's own schema (users, audit log). Off unless ticked. */
    includeConsoleSchema: z.boolean().default(false),
  })
  .refine((input) => input.confirmation === input.targetDatabase, {
    path: ['confirmation'],
    message: 'Type the target database name exactly to confirm.',
  });

export type RestoreInput = z.input<typeof restoreSchema>;

/**
 * A full pg_restore --clean --if-exists into a named database (admin only); over the live database, the application
 * schema only unless the console's own is included. Audited before it starts (lib/backup/restore.ts).
 */
export async function restoreBackup(input: RestoreInput): Promise<ActionResult<{ restoreId: string }>> {
  try {
    const admin = await requireRole('admin');
    // A restore writes into a database of the primary server: the role there decides.
    requireRoleOn(admin, PRIMARY_TARGET);
    const parsed = restoreSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const { backupId, targetDatabase, overwriteLiveDatabase, liveConfirmation, includeConsoleSchema } = parsed.data;
    const live = getDatabaseConnection().database;
    if (targetDatabase === live && (!overwriteLiveDatabase || liveConfirmation !== live)) {
      return {
        ok: false,
        code: 'invalid_input',
        message: `${live} is the live database the console watches. To restore over it, tick the box and type its name a second time.`,
        fieldErrors: { liveConfirmation: [`Type ${live} again to restore over the live database.`] },
      };
    }
    const { restoreId, finished } = await startFullRestore({
      backupId,
      targetDatabase,
      overwriteLiveDatabase: targetDatabase === live,
      includeConsoleSchema,
      actor: admin,
    });
    finished.catch((error: unknown) => console.error(`restore ${restoreId}: ${redactSecrets(errorMessage(error))}`));
    return { ok: true, data: { restoreId } };
  } catch (error) {
    return toActionFailure(error);
  }
}
