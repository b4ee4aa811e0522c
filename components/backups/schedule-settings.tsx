'use client';
import { useState } from 'react';
import { saveBackupSettings } from '@/lib/actions/backups/save-backup-settings';
import type { BackupOverview } from '@/lib/backup/overview';
import { formatTimestamp } from '@/lib/format';
import { backupKeys } from '@/lib/client/keys/backups';
import { useActionMutation } from '@/lib/client/use-action-mutation';
import { ActionError } from '../ui/action-error';
import { FieldError, fieldErrorsOf } from '../ui/field-error';

type Settings = BackupOverview['settings'];

function ScheduleFacts({ settings }: { settings: Settings }) {
  return (
    <dl className="facts" data-testid="backup-schedule">
      <dt>Backups</dt>
      <dd>
        {settings.backupEnabled ? <code>{settings.backupCron}</code> : 'off'}
        {settings.nextBackupAt && <> — next {formatTimestamp(settings.nextBackupAt)}</>}
      </dd>
      <dt>Restore-verify of the newest backup</dt>
      <dd>
        {settings.verifyEnabled ? <code>{settings.verifyCron}</code> : 'off'}
        {settings.nextVerifyAt && <> — next {formatTimestamp(settings.nextVerifyAt)}</>}
      </dd>
      <dt>Retention</dt>
      <dd>
        {settings.retentionDays} days, and always the newest {settings.keepNewest} successful
      </dd>
      <dt>Scheduled compression</dt>
      <dd>-Z{settings.compression}</dd>
      <dt>Time zone</dt>
      <dd>{settings.timezone} (BACKUP_TIMEZONE)</dd>
      <dt>Last changed</dt>
      <dd>
        {formatTimestamp(settings.updatedAt)} by {settings.updatedBy}
      </dd>
    </dl>
  );
}

function ScheduleForm({ settings, onDone }: { settings: Settings; onDone: () => void }) {
  const save = useActionMutation(saveBackupSettings, { invalidates: backupKeys.overview() });
  const errors = fieldErrorsOf(save.error, 'schedule-');
  const [form, setForm] = useState(settings);
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setForm({ ...form, [key]: value });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const { backupCron, backupEnabled, verifyCron, verifyEnabled, retentionDays, keepNewest, compression } = form;
        save.mutate(
          { backupCron, backupEnabled, verifyCron, verifyEnabled, retentionDays, keepNewest, compression },
          { onSuccess: onDone },
        );
      }}
    >
      <div className="form">
        <label>
          Backup schedule (cron)
          <input value={form.backupCron} onChange={(e) => set('backupCron', e.target.value)} />
        </label>
        <label style={{ flexDirection: 'row', alignItems: 'center' }}>
          <input
            type="checkbox"
            checked={form.backupEnabled}
            onChange={(e) => set('backupEnabled', e.target.checked)}
          />{' '}
          Scheduled backups on
        </label>
        <label>
          Restore-verify schedule (cron)
          <input value={form.verifyCron} onChange={(e) => set('verifyCron', e.target.value)} />
        </label>
        <label style={{ flexDirection: 'row', alignItems: 'center' }}>
          <input
            type="checkbox"
            checked={form.verifyEnabled}
            onChange={(e) => set('verifyEnabled', e.target.checked)}
          />{' '}
          Scheduled verify on
        </label>
        <label>
          Keep backups for (days)
          <input
            type="number"
            min={1}
            max={3650}
            value={form.retentionDays}
            onChange={(e) => set('retentionDays', e.target.valueAsNumber)}
            {...errors.inputProps('retentionDays')}
          />
          <FieldError errors={errors} name="retentionDays" />
        </label>
        <label>
          Always keep the newest
          <input
            type="number"
            min={1}
            max={1000}
            value={form.keepNewest}
            onChange={(e) => set('keepNewest', e.target.valueAsNumber)}
            {...errors.inputProps('keepNewest')}
          />
          <FieldError errors={errors} name="keepNewest" />
        </label>
        <label>
          Compression (0–9)
          <input
            type="number"
            min={0}
            max={9}
            value={form.compression}
            onChange={(e) => set('compression', e.target.valueAsNumber)}
            {...errors.inputProps('compression')}
          />
          <FieldError errors={errors} name="compression" />
        </label>
      </div>
      <div className="toolbar" style={{ marginTop: '0.75rem', marginBottom: 0 }}>
        <button type="submit" className="primary" disabled={save.isPending}>
          Save schedule
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <ActionError message={save.error?.message} />
      </div>
    </form>
  );
}

export function ScheduleSettings({ settings, isAdmin }: { settings: Settings; isAdmin: boolean }) {
  const [editing, setEditing] = useState(false);
  return (
    <section className="card report-section" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">Schedule and retention</h2>
      {editing ? (
        <ScheduleForm settings={settings} onDone={() => setEditing(false)} />
      ) : (
        <ScheduleFacts settings={settings} />
      )}
      {isAdmin && !editing && (
        <button type="button" style={{ marginTop: '0.75rem' }} onClick={() => setEditing(true)}>
          Change schedule
        </button>
      )}
    </section>
  );
}
