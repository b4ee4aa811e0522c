/** Item 12: the configured connection string, tested now (../connection-test.ts). */
import 'server-only';
import type { Env } from '../../env';
import { getDatabaseConnection } from '../../env';
import { testConnection } from '../connection-test';
import type { Evidence } from '../types';

export async function checkConnection(env: Env): Promise<Evidence> {
  const result = await testConnection(getDatabaseConnection(env));
  if (!result.ok) {
    return {
      status: 'fail',
      summary: result.problem
        ? `${result.problem.title}: ${result.problem.explanation}`
        : `The connection failed: ${result.error}`,
      facts: [
        { label: 'Target', value: result.target },
        { label: 'Error', value: result.error ?? '', status: 'fail' },
      ],
    };
  }
  return {
    status: 'pass',
    summary: `Connected to ${result.target} in ${result.latencyMs} ms as ${result.authenticatedAs} (PostgreSQL ${result.serverVersion}, ${result.tls}).`,
    facts: [
      { label: 'Target', value: result.target },
      { label: 'Latency (connect and first query)', value: `${result.latencyMs} ms`, status: 'pass' },
      { label: 'Server version', value: result.serverVersion ?? '', status: 'pass' },
      { label: 'TLS', value: result.tls ?? '', status: 'pass' },
      { label: 'Authenticated as', value: result.authenticatedAs ?? '', status: 'pass' },
    ],
  };
}
