/** Item 11: credentials in a secrets manager — nothing the database can show; a person attests it. */
import type { Env } from '../../env';
import type { Evidence } from '../types';

export function checkSecrets(env: Env): Evidence {
  const inline = Boolean(env.DATABASE_URL && /:\/\/[^/@]*:[^/@]+@/.test(env.DATABASE_URL));
  return {
    status: 'manual',
    summary:
      'Confirm that the database credentials live in a secrets manager and reach the application and this console from there.',
    facts: [
      {
        label: "This console's DATABASE_URL",
        value: inline
          ? 'carries a password (fine when injected from a secrets manager at start)'
          : 'carries no password',
        status: 'manual',
      },
    ],
  };
}
