import Link from 'next/link';
import { formatTimestamp } from '@/lib/format';
import type { Section } from '@/lib/monitoring/sections';
import type { TimelineKind, TimelinePage } from '@/lib/workload/changes/timeline';
import { timelineCursorParam } from '@/lib/workload/changes/timeline-cursor';
import { ReportSection } from '../reports/report-section';

const KIND_LABELS: Record<TimelineKind, string> = {
  setting: 'Setting',
  restart: 'Restart',
  stats_reset: 'Statistics reset',
  role: 'Failover',
  backup_started: 'Backup',
  backup_succeeded: 'Backup',
  backup_failed: 'Backup failed',
  restore_started: 'Restore',
  restore_succeeded: 'Restore',
  restore_failed: 'Restore failed',
  signoff: 'Sign-off',
  signoff_revoked: 'Sign-off revoked',
  signoff_not_needed: 'Sign-off',
  alert_firing: 'Alert firing',
  alert_resolved: 'Alert resolved',
};

const SOURCE_LABELS: Record<string, string> = {
  '/settings/tuning': 'Settings',
  '/settings/replication': 'Replication',
  '/fleet': 'Fleet',
  '/queries?view=reset': 'Queries',
  '/backups': 'Backups',
  '/checklist': 'Checklist',
  '/#alerts-heading': 'Alerts',
};

/**
 * "What changed around it": the window's timeline, newest first — the server's settings, restarts, statistics
 * resets and failovers, backups and restores, checklist sign-offs, alerts firing and resolving — each linking to
 * the page it comes from; older entries a page at a time (the cursor in the URL, `after`).
 */
export function ChangeTimeline({
  section,
  path,
  keep,
  isFirstPage,
  description,
}: {
  section: Section<TimelinePage>;
  path: string;
  keep: Record<string, string | undefined>;
  isFirstPage: boolean;
  description: string;
}) {
  const href = (after: string | undefined) => {
    const params = new URLSearchParams(
      Object.entries({ ...keep, after }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    return `${path}?${params}#timeline-heading`;
  };
  return (
    <ReportSection
      id="timeline"
      title="Timeline"
      description={description}
      section={section}
      isEmpty={(page) => page.entries.length === 0 && isFirstPage}
      empty="Nothing changed in this window: no setting, restart, reset, failover, backup, sign-off or alert."
    >
      {(page) => (
        <>
          <ol className="episodes" data-testid="timeline">
            {page.entries.map((entry) => (
              <li key={entry.id} data-kind={entry.kind} data-testid={`timeline-${entry.id}`}>
                <time dateTime={entry.at.toISOString()}>{formatTimestamp(entry.at)}</time>
                {' · '}
                <strong>{KIND_LABELS[entry.kind]}</strong>
                {' · '}
                {entry.summary}
                {' · '}
                <Link href={entry.href}>{SOURCE_LABELS[entry.href] ?? 'Details'}</Link>
              </li>
            ))}
          </ol>
          <nav className="toolbar" aria-label="Timeline pages">
            {!isFirstPage && <Link href={href(undefined)}>Newest changes</Link>}
            {page.next && <Link href={href(timelineCursorParam(page.next))}>Older changes</Link>}
          </nav>
        </>
      )}
    </ReportSection>
  );
}
