/**
 * Item 4: SSL/TLS enabled and verified — the guide's postgresql.conf (ssl = on, ssl_min_protocol_version =
 * 'TLSv1.2'), the sessions pg_stat_ssl shows, and a client that verifies the server: the configured connection
 * string's sslmode must be verify-ca or verify-full.
 */
import 'server-only';
import type { ParsedConnection } from '../../config/connection-string';
import { z } from 'zod';
import { query } from '../../pg/client';
import { bool, int, text, type TransactionRunner } from '../../pg/rows';
import { worstStatus, type Evidence, type EvidenceFact } from '../types';

const settingsRow = z.object({ ssl: text, minProtocol: text });
const sessionsRow = z.object({ encrypted: bool, version: text.nullable(), count: int });
const ownRow = z.object({ encrypted: bool, version: text.nullable(), cipher: text.nullable() });

export interface SslReport {
  ssl: string;
  minProtocol: string;
  /** Client sessions by encryption and TLS version. */
  sessions: z.output<typeof sessionsRow>[];
  /** This console's own monitoring session. */
  own: z.output<typeof ownRow>;
}

const TLS_RANK: Record<string, number> = { TLSv1: 10, 'TLSv1.1': 11, 'TLSv1.2': 12, 'TLSv1.3': 13 };

/** `run` defaults to the monitoring runner; tests pass a connection to another server. */
export async function loadSslReport(run: TransactionRunner = query): Promise<SslReport> {
  const [settings] = await run(
    settingsRow,
    `SELECT current_setting('ssl') AS ssl, current_setting('ssl_min_protocol_version') AS "minProtocol"`,
  );
  const sessions = await run(
    sessionsRow,
    `SELECT COALESCE(s.ssl, false) AS encrypted, s.version, count(*) AS count
     FROM pg_stat_activity a LEFT JOIN pg_stat_ssl s ON s.pid = a.pid
     WHERE a.backend_type = 'client backend' AND a.client_addr IS NOT NULL -- TCP sessions; TLS does not apply to Unix sockets
     GROUP BY 1, 2 ORDER BY 1 DESC, 2`,
  );
  const [own] = await run(
    ownRow,
    `SELECT COALESCE(ssl, false) AS encrypted, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()`,
  );
  return { ...settings, sessions, own };
}

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
