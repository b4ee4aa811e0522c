'use client';
import { QueryText } from '../reports/query-text';
import { formatDuration } from '@/lib/format';
import type { SessionRow } from '@/lib/pg/activity';
import { SignalButtons } from './signal-buttons';

export function SessionTable({ rows, canSignal, durationLabel, testId }: { rows: SessionRow[]; canSignal: boolean; durationLabel: string; testId: string }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col" className="num">pid</th>
            <th scope="col" className="num">{durationLabel}</th>
            <th scope="col">State</th>
            <th scope="col">Waiting on</th>
            <th scope="col">User</th>
            <th scope="col">Application</th>
            <th scope="col">Query</th>
            {canSignal && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.pid} data-pid={row.pid}>
              <td className="num">{row.pid}</td>
              <td className="num">{formatDuration(row.durationSeconds)}</td>
              <td>{row.state ?? '—'}</td>
              <td>{row.waitEvent ? `${row.waitEventType}: ${row.waitEvent}` : '—'}</td>
              <td>{row.user ?? '—'}</td>
              <td>{row.application || '—'}</td>
              <td>
                <QueryText query={row.query} />
              </td>
              {canSignal && (
                <td>
                  <SignalButtons pid={row.pid} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
