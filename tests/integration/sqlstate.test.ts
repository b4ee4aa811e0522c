/**
 * Driver errors as the AppError a user can act on (lib/pg/sqlstate.ts): each failure is caused for real on the test
 * server, and the password the console connects with never reaches the message.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '@/lib/embedded/embedded-server';
import { AppError } from '@/lib/errors';
import { rememberPassword, toAppError } from '@/lib/pg/sqlstate';
import { withClient } from '../support/sql';

/** The error `text` fails with, run as `setup` leaves the session. */
async function failureOf(text: string, setup: string[] = []): Promise<unknown> {
  return withClient(async (client) => {
    for (const statement of setup) await client.query(statement);
    return client.query(text).then(
      () => {
        throw new Error(`${text} did not fail`);
      },
      (error: unknown) => error,
    );
  });
}

beforeAll(async () => {
  await withClient(async (client) => {
    await client.query('CREATE TABLE sqlstate_probe (id int)');
    await client.query('CREATE ROLE sqlstate_nobody NOLOGIN');
  });
});

afterAll(async () => {
  await withClient(async (client) => {
    await client.query('DROP TABLE IF EXISTS sqlstate_probe');
    await client.query('DROP ROLE IF EXISTS sqlstate_nobody');
  });
});

describe('toAppError', () => {
  it('returns an AppError as it is', () => {
    const error = new AppError('not_found', 'No such thing.');
    expect(toAppError(error)).toBe(error);
  });

  it('tells a statement cancelled by statement_timeout (57014) as query_timeout', async () => {
    const error = await failureOf('SELECT pg_sleep(5)', ['SET statement_timeout = 50']);
    expect(error).toMatchObject({ code: '57014' });
    expect(toAppError(error)).toMatchObject({ code: 'query_timeout', userMessage: expect.stringContaining('longer') });
  });

  it('tells a missing privilege (42501) as insufficient_privilege, with the server message', async () => {
    const error = await failureOf('SELECT * FROM sqlstate_probe', ['SET ROLE sqlstate_nobody']);
    expect(error).toMatchObject({ code: '42501' });
    expect(toAppError(error)).toMatchObject({
      code: 'insufficient_privilege',
      userMessage: expect.stringContaining('permission denied for table sqlstate_probe'),
    });
  });

  it('tells any other database error as query_failed, with the server message', async () => {
    const error = await failureOf('SELECT * FROM sqlstate_no_such_table');
    expect(error).toMatchObject({ code: '42P01' });
    expect(toAppError(error)).toMatchObject({
      code: 'query_failed',
      userMessage: expect.stringContaining('relation "sqlstate_no_such_table" does not exist'),
    });
  });

  it('tells a refused connection as database_unavailable, without the password', async () => {
    const password = 'Sq1stateS3cret';
    rememberPassword(password);
    const url = new URL(inject('databaseUrl'));
    url.port = String(await findFreePort());
    url.password = password;
    const client = new pg.Client({ connectionString: url.toString() });
    const error = await client.connect().then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    const appError = toAppError(
      Object.assign(error as Error, { message: `${(error as Error).message} (${password})` }),
    );
    expect(appError).toMatchObject({ code: 'database_unavailable' });
    expect(appError.userMessage).not.toContain(password);
  });

  it('removes a remembered password from any message', async () => {
    rememberPassword('An0therS3cret');
    const appError = toAppError(new Error('could not connect as app with An0therS3cret'));
    expect(appError.code).toBe('query_failed');
    expect(appError.userMessage).not.toContain('An0therS3cret');
  });
});
