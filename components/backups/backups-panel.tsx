'use client';
import { useState } from 'react';
import { getBackups } from '@/lib/actions/backups/get-backups';
import type { BackupRunView } from '@/lib/backup/history';
import { backupKeys } from '@/lib/client/keys/backups';
import { useLiveReport } from '@/lib/client/use-live-report';
import { LiveReportFallback } from '../ui/live-report-fallback';
import { ArchiverStatusCard } from './archiver-status';
import { BackupRuns } from './backup-runs';
import { RestoreForm } from './restore-form';
import { RestoreRuns } from './restore-runs';
import { ScheduleSettings } from './schedule-settings';
import { StartBackupForm } from './start-backup-form';

/** Refresh every second while a backup or restore runs (live progress), else every 10 s. */
const BUSY_REFRESH_MS = 1_000;
const IDLE_REFRESH_MS = 10_000;

export function BackupsPanel({
  canOperate,
  isAdmin,
  liveDatabase,
}: {
  canOperate: boolean;
  isAdmin: boolean;
  liveDatabase: string;
}) {
  const [restoring, setRestoring] = useState<BackupRunView | null>(null);
  const overview = useLiveReport({
    queryKey: backupKeys.overview(),
    load: getBackups,
    refreshMs: (data) => (data?.busy ? BUSY_REFRESH_MS : IDLE_REFRESH_MS),
  }).query;
  if (overview.data === undefined)
    return <LiveReportFallback query={overview} loading="Loading backups…" failure="Backups could not be loaded" />;
  const data = overview.data;
  return (
    <>
      {data.tools.problem ? (
        <p className="notice error" role="alert" data-testid="tool-problem">
          {data.tools.problem}
        </p>
      ) : (
        <p className="stat-detail">
          Using {data.tools.pgDump}
          {data.tools.pgRestore
            ? ` and ${data.tools.pgRestore}`
            : '; pg_restore was not found, so backups cannot be verified or restored'}
          .
        </p>
      )}
      {overview.isError && <p className="status-bad">Last refresh failed: {overview.error.message}</p>}
      {canOperate && (
        <StartBackupForm
          storages={data.storages}
          defaultCompression={data.settings.compression}
          blocked={data.tools.problem}
        />
      )}
      {restoring && isAdmin && (
        <RestoreForm
          key={restoring.id}
          run={restoring}
          liveDatabase={liveDatabase}
          onClose={() => setRestoring(null)}
        />
      )}
      <BackupRuns runs={data.runs} canOperate={canOperate} isAdmin={isAdmin} onRestore={setRestoring} />
      <RestoreRuns restores={data.restores} canOperate={canOperate} isAdmin={isAdmin} />
      <ScheduleSettings settings={data.settings} isAdmin={isAdmin} />
      <ArchiverStatusCard archiver={data.archiver} />
    </>
  );
}
