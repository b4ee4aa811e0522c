'use client';
import { formatDuration } from '@/lib/format';
import type { SessionRow } from '@/lib/pg/activity';
import { QueryText } from '../reports/query-text';
import { DataTable, type Column } from '../ui/data-table';
import { SignalButtons } from './signal-buttons';

/** `signalTarget`: the target whose backends the operator may signal, or null when they may not. */
export function SessionTable({
  rows,
  signalTarget,
  durationLabel,
  testId,
}: {
  rows: SessionRow[];
  signalTarget: string | null;
  durationLabel: string;
  testId: string;
}) {
  const columns: Column<SessionRow>[] = [
    { header: 'pid', numeric: true, cell: (row) => row.pid },
    { header: durationLabel, numeric: true, cell: (row) => formatDuration(row.durationSeconds) },
    { header: 'State', cell: (row) => row.state ?? '—' },
    { header: 'Waiting on', cell: (row) => (row.waitEvent ? `${row.waitEventType}: ${row.waitEvent}` : '—') },
    { header: 'User', cell: (row) => row.user ?? '—' },
    { header: 'Application', cell: (row) => row.application || '—' },
    { header: 'Query', cell: (row) => <QueryText query={row.query} /> },
  ];
  if (signalTarget)
    columns.push({ header: 'Actions', cell: (row) => <SignalButtons target={signalTarget} pid={row.pid} /> });
  return (
    <DataTable
      testId={testId}
      rows={rows}
      columns={columns}
      rowKey={(row) => row.pid}
      rowProps={(row) => ({ 'data-pid': row.pid })}
    />
  );
}
