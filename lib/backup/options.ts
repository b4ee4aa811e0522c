/** What a backup may be asked to do; validated the same way for the Backups page and the schedule. */
import { z } from 'zod';
import { TABLE_NAMES } from '../tables/registry';

export const BACKUP_SECTIONS = ['all', 'schema', 'data'] as const;
export type BackupSection = (typeof BACKUP_SECTIONS)[number];

/** pg_dump --compress levels, for a run and for the schedule. */
export const compressionSchema = z
  .number('Compression must be a number from 0 to 9.')
  .int('Compression must be a whole number.')
  .min(0, 'Compression must be 0 to 9.')
  .max(9, 'Compression must be 0 to 9.');

export const backupOptionsSchema = z.object({
  /** pg_dump --compress; the guide uses 9. */
  compression: compressionSchema,
  section: z.enum(BACKUP_SECTIONS, 'Choose everything, schema only or data only.'),
  /** Empty: the whole database. Otherwise only these of the six application tables (a fixed registry). */
  tables: z.array(z.enum(TABLE_NAMES, 'Only the six application tables can be chosen.')).max(TABLE_NAMES.length),
  storage: z.enum(['local', 's3'], 'Storage must be local or s3.'),
});

export type BackupOptions = z.infer<typeof backupOptionsSchema>;

/** pg_dump arguments for the options (the snapshot and connection are added by the runner). */
export function pgDumpArguments(options: BackupOptions): string[] {
  const args = ['--format=custom', `--compress=${options.compression}`, '--verbose', '--no-password'];
  if (options.section === 'schema') args.push('--schema-only');
  if (options.section === 'data') args.push('--data-only');
  // Double quotes make pg_dump read the name literally (no pattern characters); names come from the registry.
  for (const table of options.tables) args.push(`--table="public"."${table}"`);
  return args;
}

/** The schema.table names the manifest covers, or undefined for the whole database. */
export function manifestTables(options: BackupOptions): string[] | undefined {
  return options.tables.length > 0 ? options.tables.map((table) => `public.${table}`) : undefined;
}
