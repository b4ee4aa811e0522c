/**
 * PASSWORD_SIGNIN=false against the real console store: a password is refused for everyone but the break-glass admin
 * (ADMIN_EMAIL), with where to sign in instead and the reason audited; the admin's sign-in is audited as
 * auth.sign-in.break-glass, and the overview's read of the last day's finds it at once, from its own index.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '@/lib/audit/record-audit-event';
import { getPrisma } from '@/lib/db';
import { insertUser } from '@/lib/users/users';
import { fromSocket } from '../support/client-address';
import { withClient } from '../support/sql';

// Read by lib/env.ts at the first getEnv() of this file's modules; an issuer is needed only to pass its validation.
const VARIABLES = {
  PASSWORD_SIGNIN: 'false',
  ADMIN_EMAIL: 'Break.Glass@Example.com',
  OIDC_ISSUER: 'https://idp.example.com/realms/staff',
  OIDC_CLIENT_ID: 'halcytone',
  OIDC_CLIENT_SECRET: 'not-used-here',
  OIDC_NAME: 'Staff SSO',
};
Object.assign(process.env, VARIABLES);
afterAll(() => {
  for (const name of Object.keys(VARIABLES)) delete process.env[name];
});

const prisma = getPrisma();
const PASSWORD = 'the-break-glass-password';

describe('PASSWORD_SIGNIN=false', () => {
  it('refuses everyone else’s password with where to sign in instead, and audits the reason', async () => {
    await insertUser(prisma, SYSTEM_ACTOR, {
      email: 'glass-operator@example.com',
      name: 'Operator',
      role: 'operator',
      password: 'operator-right-password',
    });
    const { authorizeCredentials } = await import('@/lib/auth/options');
    await expect(
      authorizeCredentials(
        { email: 'glass-operator@example.com', password: 'operator-right-password' },
        { headers: fromSocket('198.51.100.61') },
      ),
    ).rejects.toThrow('Password sign-in is turned off here; sign in with Staff SSO.');
    const [refusal] = await prisma.auditEvent.findMany({
      where: { action: 'auth.sign-in.refused', target: 'user:glass-operator@example.com' },
    });
    expect(refusal.after).toEqual({ clientAddress: '198.51.100.61', reason: 'password sign-in is turned off' });
    expect(await prisma.userSession.count({ where: { clientAddress: '198.51.100.61' } })).toBe(0);
  });

  it('lets the break-glass admin in, audited as such, and the overview’s read shows it at once', async () => {
    await insertUser(prisma, SYSTEM_ACTOR, {
      email: 'break.glass@example.com',
      name: 'Break Glass',
      role: 'admin',
      password: PASSWORD,
    });
    const { readBreakGlassSignIns } = await import('@/lib/audit/find-break-glass-sign-ins');
    // Read (and cached) before the sign-in: the sign-in must not wait for the cache to expire.
    expect((await readBreakGlassSignIns()).value).toEqual([]);

    const { authorizeCredentials } = await import('@/lib/auth/options');
    // A wrong password of the break-glass account is an ordinary refusal.
    expect(
      await authorizeCredentials(
        { email: 'break.glass@example.com', password: 'a-wrong-one' },
        { headers: fromSocket('203.0.113.62') },
      ),
    ).toBeNull();
    const signedIn = await authorizeCredentials(
      { email: ' BREAK.glass@example.com ', password: PASSWORD },
      { headers: fromSocket('203.0.113.62') },
    );
    expect(signedIn).toMatchObject({ email: 'break.glass@example.com', role: 'admin' });
    expect(await prisma.userSession.findUniqueOrThrow({ where: { id: signedIn!.sessionId } })).toMatchObject({
      provider: 'credentials',
      clientAddress: '203.0.113.62',
    });
    const events = await prisma.auditEvent.findMany({
      where: { target: 'user:break.glass@example.com' },
      orderBy: { id: 'asc' },
      select: { action: true, after: true },
    });
    expect(events.map((event) => event.action)).toEqual([
      'user.create',
      'auth.sign-in.refused',
      'auth.sign-in.break-glass',
    ]);
    expect(events[2].after).toEqual({ clientAddress: '203.0.113.62', provider: 'credentials' });

    const shown = await readBreakGlassSignIns();
    expect(shown.stale).toBe(false);
    expect(shown.value).toEqual([
      { at: expect.any(Date), email: 'break.glass@example.com', clientAddress: '203.0.113.62' },
    ]);
  });

  it('reads the last day only, newest first, from the break-glass index', async () => {
    const { findBreakGlassSignIns, BREAK_GLASS_ACTION } = await import('@/lib/audit/find-break-glass-sign-ins');
    const now = Date.now();
    const entry = (hoursAgo: number, clientAddress: string) =>
      prisma.auditEvent.create({
        data: {
          occurredAt: new Date(now - hoursAgo * 3_600_000),
          actorId: null,
          actorEmail: 'break.glass@example.com',
          action: BREAK_GLASS_ACTION,
          target: 'user:break.glass@example.com',
          after: { clientAddress, provider: 'credentials' },
        },
      });
    await entry(25, '192.0.2.125');
    await entry(23, '192.0.2.123');
    const found = await findBreakGlassSignIns(new Date(now - 24 * 3_600_000));
    expect(found.map((signIn) => signIn.clientAddress)).toEqual(['203.0.113.62', '192.0.2.123']);

    // The overview asks on every render: only the partial index's entries are read, whatever else the day's log holds.
    const plan = await withClient(async (client) => {
      await client.query('BEGIN');
      try {
        // A busy day of other entries (a flood of refused sign-ins), rolled back with the transaction; ANALYZE
        // counts this transaction's own rows, so the planner costs both indexes on what it would see in production.
        await client.query(
          `INSERT INTO console.audit_event (occurred_at, actor_email, action, target)
           SELECT now() - n * interval '10 seconds', 'someone@example.com', 'auth.sign-in.refused', 'user:someone'
           FROM generate_series(1, 5000) AS n`,
        );
        await client.query('ANALYZE console.audit_event');
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT occurred_at, actor_email, after FROM console.audit_event
           WHERE action = $1 AND occurred_at >= $2 ORDER BY occurred_at DESC LIMIT 50`,
          [BREAK_GLASS_ACTION, new Date(now - 24 * 3_600_000)],
        );
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      } finally {
        await client.query('ROLLBACK');
      }
    });
    expect(plan).toContain('audit_event_break_glass_idx');
  });
});
