/** SQL against the console's embedded database: the "what psql says" side of the end-to-end checks. */
import path from 'node:path';
import pg from 'pg';
import { hashPassword } from '../../lib/auth/password';
import type { Role } from '../../lib/auth/roles';
import { readEmbeddedUrl } from '../../lib/embedded/embedded-server';
import { E2E } from './settings';

export async function withDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = await readEmbeddedUrl(path.resolve(E2E.dataDir));
  if (!url) throw new Error(`No embedded database in ${E2E.dataDir}; is the web server running?`);
  const client = new pg.Client({ connectionString: url, application_name: 'e2e-check' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates (or resets) a console user directly, for tests that need a given role. */
export async function ensureUser(user: { email: string; password: string }, role: Role): Promise<void> {
  const hash = await hashPassword(user.password);
  await withDb((client) =>
    client.query(
      `INSERT INTO console.users (email, name, role, password_hash) VALUES ($1, $1, $2, $3)
       ON CONFLICT (email) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash, disabled_at = NULL`,
      [user.email, role, hash],
    ),
  );
}
