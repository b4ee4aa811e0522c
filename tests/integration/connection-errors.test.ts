/** An unreachable server or a wrong password gives a message naming the problem, never the password. */
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { findFreePort } from '@/lib/embedded/embedded-server';
import { getHealth } from '@/lib/monitoring/health';
import { checkReachable } from '@/lib/startup/database-target';
import { sqlValue } from '../support/sql';

describe('connection errors', () => {
  it('names the unreachable server', async () => {
    const port = await findFreePort();
    const attempt = checkReachable(`postgresql://app:S3cretPassw0rd@127.0.0.1:${port}/halcytone_prod?sslmode=disable`);
    await expect(attempt).rejects.toThrow(`Cannot connect to PostgreSQL at 127.0.0.1:${port}/halcytone_prod as app`);
    await expect(attempt).rejects.toThrow('ECONNREFUSED');
    await expect(attempt).rejects.not.toThrow('S3cretPassw0rd');
  });

  it('names a failed authentication', async () => {
    const url = new URL(inject('databaseUrl'));
    url.password = 'Wr0ngPassword!';
    const attempt = checkReachable(url.toString());
    await expect(attempt).rejects.toThrow('password authentication failed for user "postgres"');
    await expect(attempt).rejects.toThrow('28P01');
    await expect(attempt).rejects.not.toThrow('Wr0ngPassword');
  });

  it('health reports states only: no secret, no version, no names', async () => {
    const health = await getHealth();
    expect(health).toEqual({
      status: 'ok',
      down: [],
      console: { version: expect.any(String), uptimeSeconds: expect.any(Number) },
      consoleDatabase: { location: 'primary', reachable: true },
      database: { source: 'embedded', reachable: true },
    });
    const password = new URL(inject('databaseUrl')).password;
    expect(JSON.stringify(health)).not.toContain(password);
    expect(JSON.stringify(health)).not.toContain('postgres');
  });

  it('an anonymous flood of health checks asks the database once per probe interval', async () => {
    const { clearSharedCache } = await import('@/lib/monitoring/shared-cache');
    clearSharedCache();
    // Every statement the database ran meanwhile, but this count itself.
    const calls = () =>
      sqlValue<number>(
        `SELECT coalesce(sum(calls), 0)::int FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'`,
      );
    const before = await calls();
    await Promise.all(Array.from({ length: 1_000 }, () => getHealth()));
    expect((await calls()) - before).toBe(1);
  });
});
