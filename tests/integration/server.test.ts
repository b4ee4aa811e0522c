/** The server itself as lib/pg/server.ts reports it, equal to what SQL says on the test server. */
import { describe, expect, inject, it } from 'vitest';
import { parseConnectionString } from '@/lib/config/connection-string';
import { withTarget } from '@/lib/pg/client';
import { getServerIdentity, getServerInfo } from '@/lib/pg/server';
import { withClient } from '../support/sql';

describe('getServerInfo', () => {
  it('reports version, start time, uptime and connection limits as the server has them', async () => {
    const info = await getServerInfo();
    const expected = await withClient(
      async (client) =>
        (
          await client.query(
            `SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS num,
                    pg_postmaster_start_time() AS started, current_setting('max_connections')::int AS max,
                    current_setting('superuser_reserved_connections')::int AS reserved,
                    extract(epoch FROM now() - pg_postmaster_start_time())::float8 AS uptime`,
          )
        ).rows[0],
    );
    expect(info).toMatchObject({
      version: expected.version,
      versionNum: expected.num,
      startedAt: expected.started,
      maxConnections: expected.max,
      superuserReservedConnections: expected.reserved,
    });
    // Read a moment apart: the uptimes differ by the time between the two reads.
    expect(Math.abs(info.uptimeSeconds - expected.uptime)).toBeLessThan(5);
  });
});

describe('getServerIdentity', () => {
  it('names the same server for two of its databases, and another for another role', async () => {
    await withClient(async (c) => {
      await c.query('CREATE DATABASE identity_elsewhere');
      await c.query(`CREATE ROLE identity_reader LOGIN PASSWORD 'identity-reader'`);
    });
    const urlOf = (database: string, user?: string) => {
      const url = new URL(inject('databaseUrl'));
      url.pathname = `/${database}`;
      if (user) [url.username, url.password] = [user, 'identity-reader'];
      return parseConnectionString(url.toString());
    };
    const identityOn = (name: string, connection: ReturnType<typeof urlOf>) =>
      withTarget({ name, connection }, getServerIdentity);
    try {
      const here = await getServerIdentity();
      const elsewhere = await identityOn('identity-elsewhere', urlOf('identity_elsewhere'));
      const otherRole = await identityOn('identity-other-role', urlOf('identity_elsewhere', 'identity_reader'));
      expect(here.database).toBe(
        await withClient(async (c) => (await c.query('SELECT current_database() AS d')).rows[0].d),
      );
      expect(elsewhere).toEqual({ server: here.server, database: 'identity_elsewhere' });
      expect(otherRole.database).toBe('identity_elsewhere');
      expect(otherRole.server).not.toBe(here.server);
    } finally {
      await withClient(async (c) => {
        await c.query('DROP DATABASE IF EXISTS identity_elsewhere WITH (FORCE)');
        await c.query('DROP ROLE IF EXISTS identity_reader');
      });
    }
  });
});
