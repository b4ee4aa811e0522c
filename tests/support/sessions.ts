/** Real sessions the tests put into a state: sleeping, holding a lock, waiting for one. */
import pg from 'pg';
import { expect, inject } from 'vitest';
import { sqlValue } from './sql';

export async function openSession(applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: inject('databaseUrl'), application_name: applicationName });
  client.on('error', () => {});
  await client.connect();
  return client;
}

export async function backendPid(client: pg.Client): Promise<number> {
  return (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
}

/** Waits until pg_stat_activity shows `pid` in `state` (and, optionally, waiting on a lock). */
export async function waitForState(pid: number, state: string, waitEventType?: string): Promise<void> {
  await expect
    .poll(
      () =>
        sqlValue<number>(
          `SELECT count(*)::int FROM pg_stat_activity WHERE pid = $1 AND state = $2 AND ($3::text IS NULL OR wait_event_type = $3)`,
          [pid, state, waitEventType ?? null],
        ),
      { timeout: 5_000 },
    )
    .toBe(1);
}
