/** An unreachable server or a wrong password gives a message naming the problem, never the password. */
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { findFreePort } from '@/lib/embedded/embedded-server';
import { getHealth } from '@/lib/monitoring/health';
import { checkReachable } from '@/lib/startup/database-target';

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

  it('health reports the database without any secret', async () => {
    const health = await getHealth();
    expect(health).toMatchObject({ status: 'ok', database: { source: 'embedded', reachable: true, serverVersion: expect.stringMatching(new RegExp(`^${inject('postgresMajor')}\\.`)) } });
    const password = new URL(inject('databaseUrl')).password;
    expect(JSON.stringify(health)).not.toContain(password);
    expect(JSON.stringify(health)).not.toContain('postgres');
  });
});
