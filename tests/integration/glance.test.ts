/**
 * The glance's "unreachable since" state against a real PostgreSQL that is stopped and started again: reads fail
 * with a clear message, the first failure time is kept, and the first successful read after the restart recovers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startEmbeddedServer } from '@/lib/embedded/embedded-server';
import { createLatestSampleReader } from '@/lib/monitoring/glance';
import type { Sample } from '@/lib/sampler/sample';

describe('latest-sample reader during an outage', () => {
  it('reports unreachable since the first failure and recovers when the server returns', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-outage-'));
    let server = await startEmbeddedServer({ dataDir });
    const pool = new pg.Pool({ connectionString: server.url, connectionTimeoutMillis: 2_000 });
    pool.on('error', () => {});
    const read = createLatestSampleReader(async () => {
      const { rows } = await pool.query<{ at: string }>('SELECT now()::text AS at');
      return { takenAt: rows[0].at } as unknown as Sample;
    });
    try {
      expect(await read(new Date('2026-01-01T00:00:00Z'))).toMatchObject({ reachable: true, unreachableSince: null });

      await server.stop();
      const first = await read(new Date('2026-01-01T00:01:00Z'));
      expect(first).toMatchObject({ reachable: false, sample: null, unreachableSince: new Date('2026-01-01T00:01:00Z') });
      expect(first.error).toMatch(/cannot be reached|refused|terminat/i);
      expect(await read(new Date('2026-01-01T00:02:00Z'))).toMatchObject({ reachable: false, unreachableSince: new Date('2026-01-01T00:01:00Z') });

      server = await startEmbeddedServer({ dataDir, port: server.port });
      await expect
        .poll(async () => (await read(new Date('2026-01-01T00:03:00Z'))).reachable, { timeout: 10_000 })
        .toBe(true);
      expect((await read(new Date('2026-01-01T00:04:00Z'))).unreachableSince).toBeNull();
    } finally {
      await pool.end();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
