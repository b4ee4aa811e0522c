/**
 * WAL archiving, for the guide's point-in-time recovery (archive_mode = on, archive_command copying each WAL
 * file to S3): pg_stat_archiver's counters and the settings that make archiving happen — archive_command, or from
 * PostgreSQL 15 an archive module named by archive_library (PostgreSQL docs, "Continuous Archiving").
 */
import 'server-only';
import { z } from 'zod';
import { getServerVersionNum, queryOne } from './client';
import { bool, int, text, timestamp } from './rows';

/** archive_library exists from PostgreSQL 15. */
const ARCHIVE_LIBRARY_SINCE = 150000;

const archiverRow = z.object({
  archiveMode: text,
  /**
   * Whether archive_command is set; null when this role may not read it (pg_read_all_settings: pg_settings then
   * has no row for it). The command itself is not shown: it may carry storage credentials.
   */
  archiveCommandSet: bool.nullable(),
  /** Whether archive_library is set (15+); null when not readable or before 15. The module's name is not shown either. */
  archiveLibrarySet: bool.nullable(),
  archivedCount: int,
  lastArchivedWal: text.nullable(),
  lastArchivedAt: timestamp.nullable(),
  failedCount: int,
  lastFailedWal: text.nullable(),
  lastFailedAt: timestamp.nullable(),
  statsResetAt: timestamp.nullable(),
});

export type ArchiverStatus = z.output<typeof archiverRow> & {
  /** False before PostgreSQL 15, which has no archive_library. */
  archiveLibraryAvailable: boolean;
};

export async function getArchiverStatus(): Promise<ArchiverStatus> {
  const archiveLibraryAvailable = (await getServerVersionNum()) >= ARCHIVE_LIBRARY_SINCE;
  // '(disabled)' is what archive_command shows while archive_mode is off.
  const row = await queryOne(
    archiverRow,
    `
    SELECT current_setting('archive_mode') AS "archiveMode",
           (SELECT setting NOT IN ('', '(disabled)') FROM pg_settings WHERE name = 'archive_command') AS "archiveCommandSet",
           ${archiveLibraryAvailable ? `(SELECT setting <> '' FROM pg_settings WHERE name = 'archive_library')` : 'NULL::boolean'} AS "archiveLibrarySet",
           archived_count AS "archivedCount",
           last_archived_wal AS "lastArchivedWal",
           last_archived_time AS "lastArchivedAt",
           failed_count AS "failedCount",
           last_failed_wal AS "lastFailedWal",
           last_failed_time AS "lastFailedAt",
           stats_reset AS "statsResetAt"
    FROM pg_stat_archiver`,
  );
  return { ...row, archiveLibraryAvailable };
}
