import type { ArchiverStatus } from '@/lib/pg/archiver';
import type { Section } from '@/lib/monitoring/sections';
import { formatCount, formatTimestamp } from '@/lib/format';
import { ReportSection } from '../reports/report-section';

/**
 * Whether a setting is set, never its text: an archive command or module setting may carry storage credentials.
 * Null when this role may not read it (pg_read_all_settings).
 */
function settingState(isSet: boolean | null): string {
  return isSet === null ? 'not readable by this role' : isSet ? 'set' : 'not set';
}

/** pg_stat_archiver: whether WAL reaches the archive the guide's point-in-time recovery relies on. */
export function ArchiverStatusCard({ archiver }: { archiver: Section<ArchiverStatus> }) {
  return (
    <ReportSection
      id="wal-archiving"
      title="WAL archiving"
      description="For point-in-time recovery the guide sets archive_mode = on and an archive_command copying each WAL file to S3; from PostgreSQL 15 an archive module (archive_library) can do it instead."
      section={archiver}
    >
      {(a) => (
        <dl className="facts" data-testid="wal-archiving">
          <dt>archive_mode</dt>
          <dd className={a.archiveMode === 'off' ? 'status-warn' : undefined}>
            {a.archiveMode}
            {a.archiveMode === 'off' &&
              ' — WAL is not archived; only the backups on this page can be restored, to the moment each was taken.'}
          </dd>
          <dt>archive_command</dt>
          <dd>{settingState(a.archiveCommandSet)}</dd>
          <dt>archive_library</dt>
          <dd data-testid="archive-library">
            {a.archiveLibraryAvailable
              ? settingState(a.archiveLibrarySet)
              : 'not in this version (PostgreSQL 15 and later)'}
          </dd>
          <dt>Archived</dt>
          <dd>
            {formatCount(a.archivedCount)} WAL files
            {a.lastArchivedWal && (
              <>
                ; last {a.lastArchivedWal} at {formatTimestamp(a.lastArchivedAt!)}
              </>
            )}
          </dd>
          <dt>Failures</dt>
          <dd className={a.failedCount > 0 ? 'status-bad' : undefined}>
            {formatCount(a.failedCount)}
            {a.lastFailedWal && (
              <>
                ; last {a.lastFailedWal} at {formatTimestamp(a.lastFailedAt!)}
              </>
            )}
          </dd>
          {a.statsResetAt && (
            <>
              <dt>Counting since</dt>
              <dd>{formatTimestamp(a.statsResetAt)}</dd>
            </>
          )}
        </dl>
      )}
    </ReportSection>
  );
}
