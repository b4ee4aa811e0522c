'use client';
import { useState } from 'react';
import { startBackup } from '@/lib/actions/backups/start-backup';
import type { StorageTarget } from '@/lib/backup/overview';
import { TABLE_NAMES, type TableName } from '@/lib/tables/registry';
import { backupKeys } from '@/lib/client/keys/backups';
import { useActionMutation } from '@/lib/client/use-action-mutation';
import { ActionError } from '../ui/action-error';
import { FieldError, fieldErrorsOf } from '../ui/field-error';

/** pg_dump's options as the guide runs it (custom format, compression 9), with the choices pgAdmin offers. */
export function StartBackupForm({
  storages,
  defaultCompression,
  blocked,
}: {
  storages: StorageTarget[];
  defaultCompression: number;
  blocked: string | null;
}) {
  const start = useActionMutation(startBackup, { invalidates: backupKeys.overview() });
  const errors = fieldErrorsOf(start.error, 'backup-');
  const [compression, setCompression] = useState(defaultCompression);
  const [section, setSection] = useState<'all' | 'schema' | 'data'>('all');
  const [tables, setTables] = useState<TableName[]>([]);
  const [storage, setStorage] = useState(storages.find((s) => s.isDefault)?.kind ?? 'local');
  const toggleTable = (table: TableName) =>
    setTables(tables.includes(table) ? tables.filter((t) => t !== table) : [...tables, table]);
  return (
    <form
      className="card report-section"
      aria-labelledby="start-backup-heading"
      onSubmit={(event) => {
        event.preventDefault();
        start.mutate({ compression, section, tables, storage });
      }}
    >
      <h2 id="start-backup-heading">Start a backup</h2>
      <p className="stat-detail">
        pg_dump in custom format, streamed to storage. Leave every table unticked for the whole database.
      </p>
      <div className="form">
        <label>
          Compression (0–9)
          <input
            type="number"
            min={0}
            max={9}
            value={compression}
            onChange={(e) => setCompression(e.target.valueAsNumber)}
            {...errors.inputProps('compression')}
          />
          <FieldError errors={errors} name="compression" />
        </label>
        <label>
          Contents
          <select value={section} onChange={(e) => setSection(e.target.value as typeof section)}>
            <option value="all">Schema and data</option>
            <option value="schema">Schema only</option>
            <option value="data">Data only</option>
          </select>
        </label>
        <label>
          Storage
          <select value={storage} onChange={(e) => setStorage(e.target.value as typeof storage)}>
            {storages.map((target) => (
              <option key={target.kind} value={target.kind}>
                {target.kind === 'local' ? 'Local directory' : 'S3'}: {target.description}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset style={{ border: 0, padding: 0, margin: '0.75rem 0' }}>
        <legend className="stat-label">Only these tables</legend>
        <div className="toolbar" style={{ marginBottom: 0 }}>
          {TABLE_NAMES.map((table) => (
            <label key={table} style={{ flexDirection: 'row', alignItems: 'center' }}>
              <input type="checkbox" checked={tables.includes(table)} onChange={() => toggleTable(table)} /> {table}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <button type="submit" className="primary" disabled={start.isPending || blocked !== null}>
          {start.isPending ? 'Starting…' : 'Back up now'}
        </button>
        <ActionError message={start.error?.message} />
        {start.isSuccess && <span role="status">Backup {start.data.runId} started.</span>}
      </div>
    </form>
  );
}
