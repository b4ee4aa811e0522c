/**
 * The per-target server version (lib/pg/client.ts getServerVersionNum): asked once, then answered from memory;
 * asked again after the server restarts, since the server that comes back may be another major. Counted with
 * pg_stat_statements on a server of the test's own, which survives its clean restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConnectionString } from '@/lib/config/connection-string';
import { startEmbeddedServer, type EmbeddedServer } from '@/lib/embedded/embedded-server';
import { getServerVersionNum, withTarget } from '@/lib/pg/client';

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
