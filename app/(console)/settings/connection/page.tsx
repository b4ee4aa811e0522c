import { requirePageRole } from '@/lib/auth/session';
import { buildConnectionReport } from '@/lib/config/connection-report';
import { getDatabaseConnection, getEnv } from '@/lib/env';

export const metadata = { title: 'Connection · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

export default async function ConnectionPage() {
  await requirePageRole('viewer');
  const env = getEnv();
  const report = buildConnectionReport(getDatabaseConnection(env));
  const tone = report.sslGuidance.production === 'no' ? 'status-warn' : 'status-ok';
  return (
    <>
      <h1>Connection</h1>
      <p className="stat-detail">
        The database this console watches (
        {env.CONSOLE_DATABASE_SOURCE === 'embedded'
          ? 'the embedded PostgreSQL started by npm start'
          : 'from DATABASE_URL'}
        ), read with the forms of the guide&apos;s &ldquo;Database Connection Strings&rdquo;. The password is never
        shown.
      </p>
      <div className="grid">
        <section className="card" aria-labelledby="endpoint-heading">
          <h2 id="endpoint-heading">Endpoint</h2>
          <dl className="facts">
            <dt>User</dt>
            <dd data-testid="connection-user">{report.user}</dd>
            <dt>Password</dt>
            <dd>{report.passwordSet ? 'set (hidden)' : 'none'}</dd>
            <dt>Server</dt>
            <dd>{report.endpoint}</dd>
            <dt>Database</dt>
            <dd>{report.database}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="tls-heading">
          <h2 id="tls-heading">TLS</h2>
          <dl className="facts">
            <dt>sslmode</dt>
            <dd className={tone}>{report.sslmode}</dd>
            <dt>Meaning</dt>
            <dd>{report.sslGuidance.description}</dd>
            <dt>Guide</dt>
            <dd>{report.sslGuidance.useCase}</dd>
            {report.certificateFiles.map((file) => (
              <div key={file.parameter} style={{ display: 'contents' }}>
                <dt>{file.parameter}</dt>
                <dd className="mono">{file.path}</dd>
              </div>
            ))}
          </dl>
          {report.sslIgnoredOverSocket && (
            <p className="stat-detail">Connections go through a Unix socket, where PostgreSQL ignores sslmode.</p>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="pool-heading">
        <h2 id="pool-heading">Pool parameters</h2>
        <p className="stat-detail">
          The guide&apos;s SQLAlchemy-style parameters and the node-postgres pool setting each becomes.
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">In the URL</th>
              <th scope="col">Console pool</th>
            </tr>
          </thead>
          <tbody>
            {report.pool.map((row) => (
              <tr key={row.parameter}>
                <td className="mono">{row.parameter}</td>
                <td>{row.given}</td>
                <td>{row.mappedTo}</td>
              </tr>
            ))}
            <tr>
              <td className="mono">monitoring queries</td>
              <td>PG_MONITOR_POOL_MAX, PG_STATEMENT_TIMEOUT_MS, PG_LOCK_TIMEOUT_MS</td>
              <td>
                max {env.PG_MONITOR_POOL_MAX} connections, statement_timeout {env.PG_STATEMENT_TIMEOUT_MS} ms,
                lock_timeout {env.PG_LOCK_TIMEOUT_MS} ms
              </td>
            </tr>
          </tbody>
        </table>
      </section>
    </>
  );
}
