'use client';
import { cancelRestore } from '@/lib/actions/backups/cancel-restore';
import type { RestoreRunView } from '@/lib/backup/history';
import { describeDifference } from '@/lib/backup/manifest-difference';
import { backupKeys } from '@/lib/client/keys/backups';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import { formatTimestamp } from '@/lib/format';
import { ActionError } from '../ui/action-error';
import { DataTable } from '../ui/data-table';

const TONE = {
  running: 'status-warn',
  succeeded: 'status-ok',
  failed: 'status-bad',
  cancelled: 'status-warn',
} as const;

/** Cancelling needs what starting needs: operator for a restore-verify, admin for a full restore. */
function CancelRestore({ restore }: { restore: RestoreRunView }) {
  const cancel = useConfirmedAction({ invalidates: backupKeys.overview() });
  const what =
    restore.kind === 'verify'
      ? `restore-verify ${restore.id} (its scratch database is dropped)`
      : `the restore into ${restore.targetDatabase} (what it restored so far stays)`;
  return (
    <>
      <button
        type="button"
        disabled={cancel.pending}
        onClick={() => cancel.run(() => cancelRestore({ restoreId: restore.id }), { confirm: `Cancel ${what}?` })}
        aria-label={`Cancel restore ${restore.id}`}
      >
        Cancel
      </button>
      <ActionError message={cancel.error} />
    </>
  );
}

/** Restore-verify and full restore runs, newest first, with what differed from the backup's manifest. */
export function RestoreRuns({
  restores,
  canOperate,
  isAdmin,
}: {
  restores: RestoreRunView[];
  canOperate: boolean;
  isAdmin: boolean;
}) {
  const mayCancel = (r: RestoreRunView) => r.status === 'running' && (r.kind === 'verify' ? canOperate : isAdmin);
  return (
    <section className="card report-section" aria-labelledby="restores-heading">
      <h2 id="restores-heading">Restores</h2>
      {restores.length === 0 ? (
        <p className="stat-detail">No restore or restore-verify has run yet.</p>
      ) : (
        <DataTable
          testId="restore-runs"
          rows={restores}
          rowKey={(r) => r.id}
          rowProps={(r) => ({ 'data-backup-id': r.backupId, 'data-status': r.status })}
          columns={[
            { header: 'Started', cell: (r) => formatTimestamp(r.startedAt) },
            { header: 'Kind', cell: (r) => (r.kind === 'verify' ? 'restore-verify' : 'full restore') },
            { header: 'Backup', numeric: true, cell: (r) => r.backupId },
            {
              header: 'Into',
              cell: (r) => (r.kind === 'verify' ? `${r.targetDatabase} (scratch, dropped)` : r.targetDatabase),
            },
            { header: 'By', cell: (r) => r.startedBy },
            {
              header: 'Result',
              tone: (r) => TONE[r.status],
              cell: (r) => (
                <>
                  {r.status === 'succeeded' && r.kind === 'verify' ? 'tables, indexes and row counts match' : r.status}
                  {r.error && <span className="stat-detail"> {r.error}</span>}
                  {r.differences.length > 5 && (
                    <span className="stat-detail">
                      {' '}
                      ({r.differences.length} differences, first: {describeDifference(r.differences[0])})
                    </span>
                  )}
                  {mayCancel(r) && <CancelRestore restore={r} />}
                </>
              ),
            },
            {
              header: 'Took',
              numeric: true,
              cell: (r) => (r.durationMs === null ? '—' : `${(r.durationMs / 1000).toFixed(1)} s`),
            },
          ]}
        />
      )}
    </section>
  );
}
