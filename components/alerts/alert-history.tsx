import { DataTable } from '@/components/ui/data-table';
import type { AlertEpisode } from '@/lib/alerts/store';
import { formatTimestamp } from '@/lib/format';

/** Pending, firing and resolved alerts, with whether the webhook was told. */
export function AlertHistory({ episodes }: { episodes: AlertEpisode[] }) {
  return (
    <DataTable
      testId="alert-history"
      rows={episodes}
      rowKey={(episode) => episode.id}
      rowProps={(episode) => ({
        'data-state': episode.state,
        'data-rule': episode.rule,
        'data-target': episode.target,
      })}
      columns={[
        { header: 'Alert', cell: (episode) => <strong>{episode.rule}</strong> },
        { header: 'Target', cell: (episode) => episode.target },
        {
          header: 'State',
          tone: (episode) =>
            episode.state === 'firing'
              ? episode.severity === 'critical'
                ? 'status-bad'
                : 'status-warn'
              : episode.state === 'resolved'
                ? 'status-ok'
                : undefined,
          cell: (episode) =>
            `${episode.state} (${episode.severity})${episode.firesAt ? `, fires at ${formatTimestamp(episode.firesAt)} if it persists` : ''}`,
        },
        { header: 'Summary', cell: (episode) => episode.summary },
        { header: 'Fired', cell: (episode) => (episode.firedAt ? formatTimestamp(episode.firedAt) : '—') },
        { header: 'Resolved', cell: (episode) => (episode.resolvedAt ? formatTimestamp(episode.resolvedAt) : '—') },
        { header: 'Notification', cell: (episode) => episode.notified ?? '—' },
      ]}
    />
  );
}
