/**
 * Item 4: SSL/TLS enabled and verified — the guide's postgresql.conf (ssl = on, ssl_min_protocol_version =
 * 'TLSv1.2'), the sessions pg_stat_ssl shows, and a client that verifies the server: the configured connection
 * string's sslmode must be verify-ca or verify-full.
 */
import 'server-only';
import type { ParsedConnection } from '../../config/connection-string';
import type { SslReport } from '../../pg/settings';
import { worstStatus, type Evidence, type EvidenceFact } from '../types';

const TLS_RANK: Record<string, number> = { TLSv1: 10, 'TLSv1.1': 11, 'TLSv1.2': 12, 'TLSv1.3': 13 };

export function judgeSsl(report: SslReport, connection: ParsedConnection): Evidence {
  const overSocket = Boolean(connection.socketDir);
  const verifying = connection.sslmode === 'verify-ca' || connection.sslmode === 'verify-full';
  const plain = report.sessions.filter((s) => !s.encrypted).reduce((n, s) => n + s.count, 0);
  const old = report.sessions
    .filter((s) => s.encrypted && (TLS_RANK[s.version ?? ''] ?? 0) < 12)
    .reduce((n, s) => n + s.count, 0);
  const facts: EvidenceFact[] = [
    { label: 'ssl', value: report.ssl, status: report.ssl === 'on' ? 'pass' : 'fail' },
    {
      label: 'ssl_min_protocol_version',
      value: report.minProtocol,
      status: (TLS_RANK[report.minProtocol] ?? 0) >= 12 ? 'pass' : 'fail',
    },
    {
      label: "This console's session",
      value: report.own.encrypted
        ? `${report.own.version} ${report.own.cipher}`
        : overSocket
          ? 'Unix socket (TLS does not apply)'
          : 'not encrypted',
      status: report.own.encrypted || overSocket ? 'pass' : 'fail',
    },
    {
      label: 'Configured sslmode',
      value: overSocket ? `${connection.sslmode} (ignored over a Unix socket)` : connection.sslmode,
      status: verifying || overSocket ? 'pass' : 'fail',
    },
    { label: 'Client sessions without TLS', value: String(plain), status: plain > 0 ? 'warn' : 'pass' },
    { label: 'Client sessions below TLS 1.2', value: String(old), status: old > 0 ? 'fail' : 'pass' },
  ];
  const status = worstStatus(facts.map((f) => f.status!));
  const problems = facts.filter((f) => f.status !== 'pass').map((f) => `${f.label}: ${f.value}`);
  return {
    status,
    summary:
      status === 'pass'
        ? `TLS is on (at least ${report.minProtocol}), this console's session is encrypted and its connection string verifies the server (${connection.sslmode}).`
        : `${status === 'fail' ? 'Not verified' : 'Verified, with a caution'}: ${problems.join('; ')}.`,
    facts,
  };
}
