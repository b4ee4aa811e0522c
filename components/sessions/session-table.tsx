import { DataTable, type Column } from '../ui/data-table';
import { EndSessionButton } from './end-session-button';

/** One session as the page shows it: what was signed in, how, from where, since when — never the cookie. */
export interface SessionRow {
  id: string;
  email: string;
  name: string;
  /** "password", or the identity provider's name. */
  signedInWith: string;
  clientAddress: string;
  startedAt: string;
  /** Null until its first request after the sign-in. */
  lastSeenAt: string | null;
  isCurrent: boolean;
}

/**
 * The sessions in use: a person's own, or, for an admin, everyone's (`showsUser`) with "End" on each but the one the
 * admin is using (signing out ends that one).
 */
export function SessionTable({ rows, showsUser, canEnd }: { rows: SessionRow[]; showsUser: boolean; canEnd: boolean }) {
  const columns: Column<SessionRow>[] = [
    ...(showsUser
      ? [
          {
            header: 'User',
            cell: (row: SessionRow) => (row.name === row.email ? row.email : `${row.name} (${row.email})`),
          },
        ]
      : []),
    { header: 'Signed in with', cell: (row) => row.signedInWith },
    { header: 'Address', cell: (row) => <span className="mono">{row.clientAddress}</span> },
    { header: 'Started', cell: (row) => row.startedAt },
    { header: 'Last seen', cell: (row) => row.lastSeenAt ?? '—' },
    {
      header: canEnd ? 'End' : 'Current',
      cell: (row) =>
        row.isCurrent ? (
          <span className="pill">this session</span>
        ) : canEnd ? (
          <EndSessionButton sessionId={row.id} email={row.email} from={row.clientAddress} />
        ) : null,
    },
  ];
  return (
    <DataTable
      testId="sessions"
      rows={rows}
      columns={columns}
      rowKey={(row) => row.id}
      rowProps={(row) => ({ 'data-session': row.isCurrent ? 'current' : 'other' })}
    />
  );
}
