/**
 * The one runner for raw SQL (lib/pg/client.ts). Values travel as bound parameters; a lock held elsewhere ends the
 * statement at lock_timeout with a typed error. The per-target server version (getServerVersionNum) is asked once,
 * then answered from memory, and asked again after the server restarts, since the server that comes back may be
 * another major: counted with pg_stat_statements on a server of the test's own, which survives its clean restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConnectionString } from '@/lib/config/connection-string';
import { startEmbeddedServer, type EmbeddedServer } from '@/lib/embedded/embedded-server';
import { getServerVersionNum, query, queryOne, withTarget } from '@/lib/pg/client';
import { text } from '@/lib/pg/rows';
import { openSession } from '../support/sessions';

let dataDir: string;
let server: EmbeddedServer;

async function sqlOn<T>(text: string): Promise<T> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    return Object.values((await client.query(text)).rows[0] ?? {})[0] as T;
  } finally {
    await client.end();
  }
}

// pg_stat_statements records the statement normalized (constants become $n; column aliases do not count), so this
// test reads the version with SHOW, and every current_setting($1) call is the console's.
const asked = () =>
  sqlOn<string>(
    `SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query LIKE 'SELECT current_setting($1)%'`,
  ).then(Number);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-version-'));
  server = await startEmbeddedServer({ dataDir, notice: () => {} });
  await sqlOn('CREATE EXTENSION pg_stat_statements');
});

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the server version of a target', () => {
  it('is asked once, and again after the server restarts', { timeout: 60_000 }, async () => {
    const target = { name: 'versioned', connection: parseConnectionString(server.url) };
    const versionNum = Number(await sqlOn<string>('SHOW server_version_num'));
    expect(await withTarget(target, getServerVersionNum)).toBe(versionNum);
    expect(await withTarget(target, getServerVersionNum)).toBe(versionNum);
    expect(await asked()).toBe(1);

    await server.stop();
    server = await startEmbeddedServer({ dataDir, port: server.port, notice: () => {} });
    // The pool's idle connection ended with the server; the first query after the restart asks again.
    await expect
      .poll(() => withTarget(target, getServerVersionNum).catch(() => null), { timeout: 10_000 })
      .toBe(versionNum);
    expect(await asked()).toBe(2);
  });
});

describe('queries', () => {
  it('sends values as bound parameters: a quote in one is data, not SQL', async () => {
    const value = "x'); DROP TABLE cache_metadata; --";
    expect(await query(z.object({ v: text }), 'SELECT $1::text AS v', [value])).toEqual([{ v: value }]);
  });

  it('refuses a single-row read that finds none, as not_found', async () => {
    await expect(queryOne(z.object({ v: text }), 'SELECT $1::text AS v WHERE false', ['x'])).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('gives up waiting for a lock after lock_timeout (PG_LOCK_TIMEOUT_MS), as query_timeout', async () => {
    const holder = await openSession('client-lock-holder');
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE cache_metadata IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      await expect(query(z.object({}), 'SELECT 1 FROM cache_metadata LIMIT 1')).rejects.toMatchObject({
        code: 'query_timeout',
        userMessage: expect.stringContaining('waited too long for a lock'),
      });
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });
});
