/** The server itself as lib/pg/server.ts reports it, equal to what SQL says on the test server. */
import { describe, expect, it } from 'vitest';
import { getServerInfo } from '@/lib/pg/server';
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
