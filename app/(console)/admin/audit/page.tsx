import { SectionFailure } from '@/components/reports/section-failure';
import { requirePageRole } from '@/lib/auth/session';
import { formatTimestamp } from '@/lib/format';
import { findRecentAuditEvents } from '@/lib/audit/find-recent-audit-events';
import { settleSection } from '@/lib/monitoring/sections';

export const metadata = { title: 'Audit log · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 200;

export default async function AuditLogPage() {
  await requirePageRole('admin');
  const events = await settleSection(() => findRecentAuditEvents(PAGE_SIZE));
  return (
    <>
      <h1>Audit log</h1>
      <p className="stat-detail">
        Every change made through the console, newest first ({PAGE_SIZE} most recent). The log is append-only: the
        database refuses updates and deletes.
      </p>
      {!events.ok ? (
        <SectionFailure failure={events} />
      ) : events.data.length === 0 ? (
        <p className="notice">No changes have been made yet.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {events.data.map((event) => (
                <tr key={event.id}>
                  <td>{formatTimestamp(event.occurredAt)}</td>
                  <td>{event.actorEmail}</td>
                  <td className="mono">{event.action}</td>
                  <td className="mono">{event.target}</td>
                  <td>{event.before === null ? '' : <pre>{JSON.stringify(event.before)}</pre>}</td>
                  <td>{event.after === null ? '' : <pre>{JSON.stringify(event.after)}</pre>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
