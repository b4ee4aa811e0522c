'use client';
import { useState } from 'react';
import { restoreBackup } from '@/lib/actions/backups/restore-backup';
import type { BackupRunView } from '@/lib/backup/history';
import { formatTimestamp } from '@/lib/format';
import { backupKeys } from '@/lib/client/keys/backups';
import { useActionMutation } from '@/lib/client/use-action-mutation';
import { ActionError } from '../ui/action-error';
import { FieldError, fieldErrorsOf } from '../ui/field-error';

/**
 * A full restore (admin): pg_restore --clean --if-exists into a named database, as the guide's restore procedure.
 * The name is typed twice; the live database needs a box ticked and its name typed a third time.
 */
export function RestoreForm({
  run,
  liveDatabase,
  onClose,
}: {
  run: BackupRunView;
  liveDatabase: string;
  onClose: () => void;
}) {
  const restore = useActionMutation(restoreBackup, { invalidates: backupKeys.overview() });
  const errors = fieldErrorsOf(restore.error, 'restore-');
  const [targetDatabase, setTarget] = useState(`${run.databaseName}_restore`);
  const [confirmation, setConfirmation] = useState('');
  const [overwriteLiveDatabase, setOverwriteLive] = useState(false);
  const [liveConfirmation, setLiveConfirmation] = useState('');
  const [includeConsoleSchema, setIncludeConsoleSchema] = useState(false);
  const isLive = targetDatabase.trim() === liveDatabase;
  return (
    <form
      className="card report-section"
      aria-labelledby="restore-heading"
      onSubmit={(event) => {
        event.preventDefault();
        restore.mutate({
          backupId: run.id,
          targetDatabase: targetDatabase.trim(),
          confirmation: confirmation.trim(),
          overwriteLiveDatabase,
          liveConfirmation: liveConfirmation.trim(),
          includeConsoleSchema: isLive && includeConsoleSchema,
        });
      }}
    >
      <h2 id="restore-heading">Restore backup {run.id}</h2>
      <p className="stat-detail">
        Taken {formatTimestamp(run.startedAt)} from {run.databaseName}. pg_restore --clean --if-exists drops and
        recreates every object of the backup in the target database; a target that does not exist is created.
      </p>
      <div className="form">
        <label>
          Target database
          <input
            value={targetDatabase}
            onChange={(e) => setTarget(e.target.value)}
            required
            maxLength={63}
            {...errors.inputProps('targetDatabase')}
          />
          <FieldError errors={errors} name="targetDatabase" />
        </label>
        <label>
          Type the target name to confirm
          <input
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
            autoComplete="off"
            {...errors.inputProps('confirmation')}
          />
          <FieldError errors={errors} name="confirmation" />
        </label>
      </div>
      {isLive && (
        <div className="notice error" style={{ marginTop: '0.75rem' }}>
          <p style={{ marginTop: 0 }}>
            <strong>{liveDatabase} is the live database this console watches.</strong> Restoring over it replaces the
            application&apos;s data (schema public) with the backup&apos;s. The console&apos;s own schema — users, the
            audit log, backup records — is left as it is unless you include it.
          </p>
          <label style={{ flexDirection: 'row', alignItems: 'center' }}>
            <input
              type="checkbox"
              checked={overwriteLiveDatabase}
              onChange={(e) => setOverwriteLive(e.target.checked)}
            />{' '}
            I mean to restore over the live database
          </label>
          <label>
            Type {liveDatabase} again
            <input
              value={liveConfirmation}
              onChange={(e) => setLiveConfirmation(e.target.value)}
              autoComplete="off"
              {...errors.inputProps('liveConfirmation')}
            />
            <FieldError errors={errors} name="liveConfirmation" />
          </label>
          <label style={{ flexDirection: 'row', alignItems: 'center' }}>
            <input
              type="checkbox"
              checked={includeConsoleSchema}
              onChange={(e) => setIncludeConsoleSchema(e.target.checked)}
            />{' '}
            Include the console&apos;s own schema (replaces users and the audit log with the backup&apos;s)
          </label>
        </div>
      )}
      <div className="toolbar" style={{ marginTop: '0.75rem', marginBottom: 0 }}>
        <button type="submit" className="primary" disabled={restore.isPending || restore.isSuccess}>
          Restore
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
        <ActionError message={restore.error?.message} />
        {restore.isSuccess && (
          <span role="status">Restore {restore.data.restoreId} started; follow it under Restores.</span>
        )}
      </div>
    </form>
  );
}
