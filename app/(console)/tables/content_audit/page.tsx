import { requirePageRole } from '@/lib/auth/session';
import { formatTimestamp } from '@/lib/format';
import { findNewestContentAudit } from '@/lib/tables/content-audit';

export const metadata = { title: 'content_audit · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const NEWEST_ROWS = 50;

export default async function ContentAuditPage() {
  await requirePageRole('viewer');
  const rows = await findNewestContentAudit(NEWEST_ROWS);
  return (
    <>
      <h1>content_audit</h1>
      <p className="stat-detail">The {NEWEST_ROWS} newest entries of the content generation audit log, newest first.</p>
      {rows.length === 0 ? (
        <p className="notice">The table is empty. `npm run seed -- --rows 10000` adds demo data.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col" className="num">id</th>
                <th scope="col">content_id</th>
                <th scope="col">operation</th>
                <th scope="col">user_id</th>
                <th scope="col">timestamp</th>
                <th scope="col">metadata</th>
              </tr>
            </thead>
            <tbody data-testid="content-audit-rows">
              {rows.map((row) => (
                <tr key={row.id}>
                  <td className="num">{row.id}</td>
                  <td className="mono">{row.contentId}</td>
                  <td>{row.operation}</td>
                  <td>{row.userId ?? <span className="stat-detail">—</span>}</td>
                  <td>{formatTimestamp(row.timestamp)}</td>
                  <td>{row.metadata === null ? <span className="stat-detail">null</span> : <pre>{JSON.stringify(row.metadata, null, 1)}</pre>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
