/**
 * WAL archiving, for the guide's point-in-time recovery (archive_mode = on, archive_command copying each WAL
 * file to S3): pg_stat_archiver's counters and the two settings that make archiving happen.
 */
import 'server-only';
import { queryOne } from './client';

export interface ArchiverStatus {
  archiveMode: string;
  /**
   * Whether archive_command is set; null when this role may not read it (pg_read_all_settings). The command
   * itself is not shown: it may carry storage credentials.
   */
  archiveCommandSet: boolean | null;
  archivedCount: number;
  lastArchivedWal: string | null;
  lastArchivedAt: string | null;
  failedCount: number;
  lastFailedWal: string | null;
  lastFailedAt: string | null;
  statsResetAt: string | null;
}

export async function findArchiverStatus(): Promise<ArchiverStatus> {
  return queryOne<ArchiverStatus>(`
    SELECT current_setting('archive_mode') AS "archiveMode",
           (SELECT setting NOT IN ('', '(disabled)') FROM pg_settings WHERE name = 'archive_command') AS "archiveCommandSet",
           archived_count::int AS "archivedCount",
           last_archived_wal AS "lastArchivedWal",
           to_char(last_archived_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "lastArchivedAt",
           failed_count::int AS "failedCount",
           last_failed_wal AS "lastFailedWal",
           to_char(last_failed_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "lastFailedAt",
           to_char(stats_reset AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "statsResetAt"
    FROM pg_stat_archiver`);
}
