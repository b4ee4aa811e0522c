/**
 * The guide's "Troubleshooting — Common Issues", recognised in connection errors: each known message gets the
 * guide's explanation and fix. Unknown errors are returned as they are (secrets already removed by the caller).
 */
export interface KnownProblem {
  id: 'pool_exhausted' | 'client_certificate_required' | 'too_many_connections';
  title: string;
  explanation: string;
}

const KNOWN: { pattern: RegExp; problem: KnownProblem }[] = [
  {
    pattern:
      /QueuePool limit of size \d+ overflow \d+ reached|timeout exceeded when trying to connect|pool.*exhausted/i,
    problem: {
      id: 'pool_exhausted',
      title: 'Connection pool exhausted',
      explanation:
        'Every pooled connection is in use and none came back in time. Increase the pool (pool_size, max_overflow) or look for connections that are never returned.',
    },
  },
  {
    pattern: /connection requires a valid client certificate|certificate required/i,
    problem: {
      id: 'client_certificate_required',
      title: 'Client certificate required',
      explanation:
        'The server (pg_hba.conf: hostssl … clientcert) wants a client certificate. Set sslcert and sslkey (and sslrootcert) in the connection string and check the files are readable.',
    },
  },
  {
    pattern: /remaining connection slots are reserved|too many clients already|too many connections/i,
    problem: {
      id: 'too_many_connections',
      title: 'Too many connections',
      explanation:
        'The server has used all max_connections slots but those reserved for superusers. Put a pooler (PgBouncer) in front or raise max_connections.',
    },
  },
];

export function recogniseConnectionProblem(message: string): KnownProblem | null {
  return KNOWN.find(({ pattern }) => pattern.test(message))?.problem ?? null;
}
