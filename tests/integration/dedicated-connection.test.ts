/**
 * Statements on a dedicated connection (lib/pg/dedicated-connection.ts): those without values sent in one turn go out
 * as one message — seen on the server as one implicit transaction (now() is the transaction's start, so it is equal
 * across the message's statements and not across messages) — and each still gets its own rows and its own failure.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { query, withDedicatedConnection } from '@/lib/pg/client';
import { queryInTurn, type DedicatedConnection } from '@/lib/pg/dedicated-connection';
import { int, text } from '@/lib/pg/rows';
import { PRIMARY_TARGET } from '@/lib/targets/target-list';
import { parseConnectionString } from '@/lib/config/connection-string';

let connection: DedicatedConnection & { client: pg.Client };
/** The messages node-postgres was asked to send, counted on the real client. */
let messages: string[];

beforeEach(async () => {
  const client = new pg.Client({ connectionString: inject('databaseUrl'), statement_timeout: 2_000 });
  await client.connect();
  messages = [];
  const send = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<pg.QueryResult>;
  client.query = ((text: string, values?: unknown[]) => {
    messages.push(text);
    return send(text, values);
  }) as typeof client.query;
  connection = { client };
});

afterEach(async () => {
  await connection.client.end();
});

const rowsOf = async (result: Promise<pg.QueryResult>) => (await result).rows as Record<string, unknown>[];
const transactionStart = `SELECT now()::text AS started`;

describe('statements without values sent in one turn', () => {
  it('go out as one message, each with its own rows', async () => {
    const [first, sleep, second, numbers] = await Promise.all([
      rowsOf(queryInTurn(connection, transactionStart)),
      rowsOf(queryInTurn(connection, 'SELECT pg_sleep(0.05) AS slept')),
      rowsOf(queryInTurn(connection, transactionStart)),
      rowsOf(queryInTurn(connection, 'SELECT n FROM generate_series(1, 3) AS n -- a trailing comment')),
    ]);
    expect(messages).toHaveLength(1);
    expect(sleep).toHaveLength(1);
    // One implicit transaction: the statements after the sleep see the same now().
    expect(second[0].started).toBe(first[0].started);
    expect(numbers.map((row) => row.n)).toEqual([1, 2, 3]);
  });

  it('include what the caller sends after a promise job of the same turn; a later turn is another message', async () => {
    const [early, late] = await Promise.all([
      rowsOf(queryInTurn(connection, transactionStart)),
      Promise.resolve().then(() => rowsOf(queryInTurn(connection, transactionStart))),
    ]);
    expect(messages).toHaveLength(1);
    expect(late[0].started).toBe(early[0].started);

    await new Promise((resolve) => setTimeout(resolve, 20));
    const [again] = await rowsOf(queryInTurn(connection, transactionStart));
    expect(messages).toHaveLength(2);
    expect(again.started).not.toBe(early[0].started);
  });

  it('leave a statement with values to go alone, its values bound', async () => {
    const [plain, bound] = await Promise.all([
      rowsOf(queryInTurn(connection, `SELECT 'plain' AS v`)),
      rowsOf(queryInTurn(connection, 'SELECT $1::text AS v', [`it's data; SELECT 1`])),
    ]);
    expect(plain[0].v).toBe('plain');
    expect(bound[0].v).toBe(`it's data; SELECT 1`);
    expect(messages).toHaveLength(2);
  });
});

describe('a failure in a message of several statements', () => {
  it("is the failing statement's alone: the others are sent again one by one and answer", async () => {
    const results = await Promise.allSettled([
      rowsOf(queryInTurn(connection, 'SELECT 1 AS one')),
      rowsOf(queryInTurn(connection, 'SELECT 1 / 0 AS boom')),
      rowsOf(queryInTurn(connection, 'SELECT 3 AS three')),
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: [{ one: 1 }] });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: '22012' } });
    expect(results[2]).toEqual({ status: 'fulfilled', value: [{ three: 3 }] });
    expect(messages).toHaveLength(4);
  });

  it("is every statement's when the server cancels it (statement_timeout), without sending them again", async () => {
    const results = await Promise.allSettled([
      rowsOf(queryInTurn(connection, 'SELECT 1 AS one')),
      rowsOf(queryInTurn(connection, 'SELECT pg_sleep(5)')),
    ]);
    for (const result of results) expect(result).toMatchObject({ status: 'rejected', reason: { code: '57014' } });
    expect(messages).toHaveLength(1);
  });

  it('reaches the caller of query() as a typed error, while its siblings answer', async () => {
    const primary = { name: PRIMARY_TARGET, connection: parseConnectionString(inject('databaseUrl')) };
    const [count, missing] = await withDedicatedConnection(primary, connection, () =>
      Promise.allSettled([
        query(z.object({ n: int }), 'SELECT count(*)::int AS n FROM pg_database'),
        query(z.object({ name: text }), 'SELECT name FROM no_such_table_here'),
      ]),
    );
    expect(count).toMatchObject({ status: 'fulfilled', value: [{ n: expect.any(Number) }] });
    expect(missing).toMatchObject({ status: 'rejected', reason: { name: 'AppError' } });
  });
});
