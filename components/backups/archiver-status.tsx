import type { ArchiverStatus } from '@/lib/pg/archiver';
import type { Section } from '@/lib/monitoring/sections';
import { formatCount, formatTimestamp } from '@/lib/format';
import { ReportSection } from '../reports/report-section';

/** pg_stat_archiver: whether WAL reaches the archive the guide's point-in-time recovery relies on. */
export function ArchiverStatusCard({ archiver }: { archiver: Section<ArchiverStatus> }) {
  return (
    <ReportSection id="wal-archiving" title="WAL archiving" description="For point-in-time recovery the guide sets archive_mode = on and an archive_command copying each WAL file to S3." section={archiver}>
      {(a) => (
        <dl className="facts" data-testid="wal-archiving">
          <dt>archive_mode</dt>
          <dd className={a.archiveMode === 'off' ? 'status-warn' : undefined}>
            {a.archiveMode}
            {a.archiveMode === 'off' && ' — WAL is not archived; only the backups on this page can be restored, to the moment each was taken.'}
          </dd>
          <dt>archive_command</dt>
          <dd>{a.archiveCommandSet === null ? 'not readable by this role' : a.archiveCommandSet ? 'set' : 'not set'}</dd>
          <dt>Archived</dt>
          <dd>
            {formatCount(a.archivedCount)} WAL files{a.lastArchivedWal && <>; last {a.lastArchivedWal} at {formatTimestamp(a.lastArchivedAt!)}</>}
          </dd>
          <dt>Failures</dt>
          <dd className={a.failedCount > 0 ? 'status-bad' : undefined}>
            {formatCount(a.failedCount)}
            {a.lastFailedWal && <>; last {a.lastFailedWal} at {formatTimestamp(a.lastFailedAt!)}</>}
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
