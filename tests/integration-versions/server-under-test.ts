/**
 * One of the version pass's servers, as the tests see it: the target the console's reports run on (through
 * lib/pg/client.ts withTarget, as for any watched server), direct SQL for the "what psql would say" side of each
 * comparison, and real sessions put into a state (sleeping, idle in a transaction, holding a lock).
 */
import pg from 'pg';
import { expect } from 'vitest';
import { parseConnectionString } from '@/lib/config/connection-string';
import { withTarget } from '@/lib/pg/client';

export interface ServerUnderTest {
  major: number;
  url: string;
  /** Runs `work` with every console query sent to this server. */
  on<T>(work: () => Promise<T>): Promise<T>;
  /** The rows of one statement, on a connection of its own. */
  sql(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  /** The first column of the first row. */
  value(text: string, values?: unknown[]): Promise<unknown>;
  session(applicationName: string): Promise<Session>;
}

export interface Session {
  client: pg.Client;
  pid: number;
  /** Waits until pg_stat_activity shows this session in `state`. */
  waitFor(state: string, waitEventType?: string): Promise<void>;
  end(): Promise<void>;
}

export function serverUnderTest(major: number, url: string): ServerUnderTest {
  const target = { name: `pg${major}`, connection: parseConnectionString(url) };
  const connect = async (applicationName: string) => {
    const client = new pg.Client({ connectionString: url, application_name: applicationName });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  const sql = async (text: string, values: unknown[] = []) => {
    const client = await connect('halcytone-test');
    try {
      return (await client.query(text, values)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  const value = async (text: string, values: unknown[] = []) => Object.values((await sql(text, values))[0] ?? {})[0];
  return {
    major,
    url,
    on: (work) => withTarget(target, work),
    sql,
    value,
    async session(applicationName) {
      const client = await connect(applicationName);
      const pid = Number(Object.values((await client.query('SELECT pg_backend_pid()')).rows[0] as object)[0]);
      return {
        client,
        pid,
        waitFor: (state, waitEventType) =>
          expect
            .poll(
              () =>
                value(
                  `SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = $2 AND ($3::text IS NULL OR wait_event_type = $3)`,
                  [pid, state, waitEventType ?? null],
                ),
              {
                timeout: 5_000,
              },
            )
            .toBe('1'),
        end: () => client.end().catch(() => undefined),
      };
    },
  };
}
