'use client';
import { cancelBackup } from '@/lib/actions/backups/cancel-backup';
import { verifyBackup } from '@/lib/actions/backups/verify-backup';
import type { BackupRunView } from '@/lib/backup/history';
import { backupKeys } from '@/lib/client/keys/backups';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import { formatBytes, formatDuration, formatTimestamp } from '@/lib/format';
import { useNow } from '../shell/use-now';
import { ActionError } from '../ui/action-error';
import { DataTable } from '../ui/data-table';

const STATUS_TONE: Record<BackupRunView['status'], string> = {
  running: 'status-warn',
  succeeded: 'status-ok',
  failed: 'status-bad',
  cancelled: 'status-warn',
};

function describeOptions(run: BackupRunView): string {
  if (!run.options) return '—';
  const contents = { all: 'schema and data', schema: 'schema only', data: 'data only' }[run.options.section];
  const scope = run.options.tables.length ? run.options.tables.join(', ') : 'whole database';
  return `${scope}; ${contents}; -Z${run.options.compression}`;
}

/** A running backup: bytes written, elapsed time, what pg_dump is doing now, and a cancel button. */
function RunningBackup({ run, canOperate }: { run: BackupRunView; canOperate: boolean }) {
  const cancel = useConfirmedAction({ invalidates: backupKeys.overview() });
  const now = useNow(1_000);
  const elapsed = Math.max(0, (now.getTime() - Date.parse(run.startedAt)) / 1000);
  return (
    <div className="notice" role="status" data-testid="backup-progress">
      <strong>Backup {run.id} is running</strong> (
      {run.trigger === 'schedule' ? 'scheduled' : `started by ${run.startedBy}`}): {formatBytes(run.bytesWritten)}{' '}
      written in {formatDuration(elapsed)}
      {run.currentObject && <> — {run.currentObject}</>}
      {run.cancelRequested && <> — cancelling…</>}
      {canOperate && !run.cancelRequested && (
        <button
          type="button"
          style={{ marginLeft: '0.75rem' }}
          disabled={cancel.pending}
          onClick={() =>
            cancel.run(() => cancelBackup({ runId: run.id }), {
              confirm: `Cancel backup ${run.id}? Nothing of it will be kept.`,
            })
          }
        >
          Cancel backup
        </button>
      )}
      <ActionError message={cancel.error} />
    </div>
  );
}

const VERIFY_LABEL: Record<BackupRunView['status'], string> = {
  succeeded: 'Verified',
  failed: 'Verify failed',
  cancelled: 'Verify cancelled',
  running: 'Verifying…',
};

function VerifyCell({ run, canOperate }: { run: BackupRunView; canOperate: boolean }) {
  const verify = useConfirmedAction({ invalidates: backupKeys.overview() });
  const last = run.lastVerify;
  const verifiable = run.status === 'succeeded' && !run.deletedAt && run.options?.section !== 'data';
  return (
    <>
      {last && (
        <span
          className={
            last.status === 'succeeded' ? 'status-ok' : last.status === 'failed' ? 'status-bad' : 'status-warn'
          }
          title={last.error ?? undefined}
        >
          {VERIFY_LABEL[last.status]} {last.finishedAt ? formatTimestamp(last.finishedAt) : ''}
          {last.status === 'failed' && last.error && <span className="stat-detail"> {last.error}</span>}
        </span>
      )}
      {canOperate && verifiable && last?.status !== 'running' && (
        <button
          type="button"
          disabled={verify.pending}
          onClick={() => verify.run(() => verifyBackup({ backupId: run.id }))}
          aria-label={`Verify backup ${run.id}`}
        >
          Verify
        </button>
      )}
      <ActionError message={verify.error} />
    </>
  );
}

export function BackupRuns({
  runs,
  canOperate,
  isAdmin,
  onRestore,
}: {
  runs: BackupRunView[];
  canOperate: boolean;
  isAdmin: boolean;
  onRestore: (run: BackupRunView) => void;
}) {
  const running = runs.filter((run) => run.status === 'running');
  return (
    <section className="card report-section" aria-labelledby="backup-runs-heading">
      <h2 id="backup-runs-heading">Backups</h2>
      {running.map((run) => (
        <RunningBackup key={run.id} run={run} canOperate={canOperate} />
      ))}
      {runs.length === 0 ? (
        <p className="stat-detail">No backup has been taken yet.</p>
      ) : (
        <DataTable
          testId="backup-runs"
          rows={runs}
          rowKey={(run) => run.id}
          rowProps={(run) => ({ 'data-backup-id': run.id, 'data-status': run.status })}
          columns={[
            { header: 'Id', cell: (run) => run.id, numeric: true },
            { header: 'Started', cell: (run) => formatTimestamp(run.startedAt) },
            { header: 'By', cell: (run) => (run.trigger === 'schedule' ? 'schedule' : run.startedBy) },
            { header: 'What', cell: (run) => describeOptions(run) },
            {
              header: 'Status',
              tone: (run) => STATUS_TONE[run.status],
              cell: (run) => (
                <>
                  {run.deletedAt ? 'removed by retention' : run.status}
                  {run.error && <span className="stat-detail"> {run.error}</span>}
                </>
              ),
            },
            {
              header: 'Size',
              numeric: true,
              cell: (run) => (run.sizeBytes === null ? '—' : formatBytes(run.sizeBytes)),
            },
            {
              header: 'Took',
              numeric: true,
              cell: (run) =>
                run.durationMs === null
                  ? '—'
                  : run.durationMs < 1000
                    ? `${run.durationMs} ms`
                    : formatDuration(run.durationMs / 1000),
            },
            {
              header: 'Rows',
              numeric: true,
              cell: (run) =>
                run.rowCount === null ? '—' : `${run.rowCount.toLocaleString('en')} in ${run.tableCount} tables`,
            },
            { header: 'Versions', cell: (run) => `server ${run.serverVersion}, pg_dump ${run.pgDumpVersion}` },
            {
              header: 'Stored',
              cell: (run) =>
                run.storageLocation ? (
                  <span className="hash">{`${run.storageKind}: ${run.storageLocation}`}</span>
                ) : (
                  '—'
                ),
            },
            {
              header: 'SHA-256',
              cell: (run) =>
                run.sha256 ? (
                  <code className="hash" data-testid="sha256">
                    {run.sha256}
                  </code>
                ) : (
                  '—'
                ),
            },
            { header: 'Verify', cell: (run) => <VerifyCell run={run} canOperate={canOperate} /> },
            ...(isAdmin
              ? [
                  {
                    header: 'Admin',
                    cell: (run: BackupRunView) =>
                      run.status === 'succeeded' && !run.deletedAt ? (
                        <span className="toolbar" style={{ margin: 0 }}>
                          <a
                            className="button"
                            href={`/api/backups/${run.id}/download`}
                            download
                            aria-label={`Download backup ${run.id}`}
                          >
                            Download
                          </a>
                          <button type="button" onClick={() => onRestore(run)} aria-label={`Restore backup ${run.id}`}>
                            Restore…
                          </button>
                        </span>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      )}
    </section>
  );
}
