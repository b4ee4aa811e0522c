/** Direct SQL for tests: the "what psql would say" side of every figure comparison. */
import pg from 'pg';
import { inject } from 'vitest';

export async function withClient<T>(
  work: (client: pg.Client) => Promise<T>,
  applicationName = 'halcytone-test',
): Promise<T> {
  const client = new pg.Client({ connectionString: inject('databaseUrl'), application_name: applicationName });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function sqlValue<T>(text: string, values: unknown[] = []): Promise<T> {
  return withClient(async (client) => {
    const { rows } = await client.query(text, values);
    return Object.values(rows[0] as object)[0] as T;
  });
}
