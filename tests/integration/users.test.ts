/** Users, roles and the audit trail they leave; sign-in throttling across attempts. */
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '@/lib/audit/record-audit-event';
import { admitSignIn, forgetSuccessfulSignIn } from '@/lib/auth/throttle';
import { fromSocket } from '../support/client-address';
import { getPrisma } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { insertUser, ensureAdmin, writeUserDisabled, writeUserRole } from '@/lib/users/users';
import { verifyPassword } from '@/lib/auth/password';

const prisma = getPrisma();
const actor = { id: null, email: 'tester@example.com' };

async function auditFor(target: string) {
  return prisma.auditEvent.findMany({ where: { target }, orderBy: { id: 'asc' } });
}

describe('users', () => {
  it('creates a user with a hashed password and audits it', async () => {
    const user = await insertUser(prisma, actor, {
      email: ' Viewer.One@Example.com ',
      name: 'Viewer One',
      role: 'viewer',
      password: 'a-long-password-1',
    });
    expect(user).toMatchObject({ email: 'viewer.one@example.com', role: 'viewer', disabled: false });
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).not.toContain('a-long-password-1');
    expect(await verifyPassword('a-long-password-1', stored.passwordHash!)).toBe(true);
    const [event] = await auditFor('user:viewer.one@example.com');
    expect(event).toMatchObject({
      action: 'user.create',
      actorEmail: 'tester@example.com',
      after: { email: 'viewer.one@example.com', role: 'viewer' },
    });
  });

  it('refuses a duplicate e-mail', async () => {
    await expect(
      insertUser(prisma, actor, {
        email: 'viewer.one@example.com',
        name: 'Again',
        role: 'admin',
        password: 'a-long-password-2',
      }),
    ).rejects.toThrow('already exists');
  });

  it('changes a role and disables a user, auditing before and after', async () => {
    const user = await insertUser(prisma, actor, {
      email: 'op@example.com',
      name: 'Op',
      role: 'viewer',
      password: 'a-long-password-3',
    });
    await writeUserRole(prisma, actor, user.id, 'operator');
    await writeUserDisabled(prisma, actor, user.id, true);
    const events = await auditFor('user:op@example.com');
    expect(events.map((e) => [e.action, e.before, e.after])).toEqual([
      ['user.create', null, { email: 'op@example.com', name: 'Op', role: 'viewer' }],
      ['user.role.update', { role: 'viewer' }, { role: 'operator' }],
      ['user.disable', { disabled: false }, { disabled: true }],
    ]);
  });

  it('never leaves the console without an enabled admin', async () => {
    await ensureAdmin(prisma, SYSTEM_ACTOR, 'only-admin@example.com', 'first-admin-password');
    const admins = await prisma.user.findMany({ where: { role: 'admin', disabledAt: null } });
    for (const admin of admins.slice(1)) await writeUserDisabled(prisma, actor, admin.id, true);
    const [last] = await prisma.user.findMany({ where: { role: 'admin', disabledAt: null } });
    await expect(writeUserRole(prisma, actor, last.id, 'viewer')).rejects.toBeInstanceOf(AppError);
    await expect(writeUserDisabled(prisma, actor, last.id, true)).rejects.toThrow('last enabled admin');
  });

  it('start-up never prints an admin password that came from the environment', async () => {
    const { prepareAdmin, describeAdmin } = await import('@/lib/startup/first-admin');
    const line = describeAdmin(
      await prepareAdmin(prisma, { ADMIN_EMAIL: 'from-env@example.com', ADMIN_PASSWORD: 'env-password-never-printed' }),
    );
    expect(line).toBe('Sign in as from-env@example.com — created from ADMIN_PASSWORD (not shown).');
    expect(line).not.toContain('env-password-never-printed');
  });

  it('ensureAdmin resets the password of an existing admin at every start', async () => {
    expect(await ensureAdmin(prisma, SYSTEM_ACTOR, 'reset@example.com', 'password-number-one')).toBe('created');
    expect(await ensureAdmin(prisma, SYSTEM_ACTOR, 'reset@example.com', 'password-number-two')).toBe('password_reset');
    const stored = await prisma.user.findUniqueOrThrow({ where: { email: 'reset@example.com' } });
    expect(await verifyPassword('password-number-two', stored.passwordHash!)).toBe(true);
    expect(await verifyPassword('password-number-one', stored.passwordHash!)).toBe(false);
  });
});

describe('sign-in throttling', () => {
  const policy = { maxPerAccount: 3, maxPerAddress: 10, windowMs: 60_000 };

  it('slows one account down for the address trying it, not for its owner elsewhere', async () => {
    const now = new Date();
    for (let i = 0; i < 3; i++)
      expect(await admitSignIn(prisma, 'victim@example.com', '203.0.113.9', policy, now)).toEqual({ admitted: true });
    expect(await admitSignIn(prisma, 'victim@example.com', '203.0.113.9', policy, now)).toEqual({
      admitted: false,
      limit: 'account',
      retryAfterSeconds: 60,
      first: true,
    });
    expect(await admitSignIn(prisma, 'victim@example.com', '203.0.113.9', policy, now)).toMatchObject({
      admitted: false,
      first: false,
    });
    // The owner, from their own address, is let through.
    expect(await admitSignIn(prisma, 'victim@example.com', '198.51.100.4', policy, now)).toEqual({ admitted: true });
    // The window passes: the attacker's address may try again.
    expect(
      await admitSignIn(prisma, 'victim@example.com', '203.0.113.9', policy, new Date(now.getTime() + 61_000)),
    ).toEqual({ admitted: true });
  });

  it('stops an address spraying many accounts', async () => {
    const now = new Date();
    for (let i = 0; i < 10; i++)
      expect((await admitSignIn(prisma, `spray-${i}@example.com`, '192.0.2.50', policy, now)).admitted).toBe(true);
    expect(await admitSignIn(prisma, 'spray-10@example.com', '192.0.2.50', policy, now)).toMatchObject({
      admitted: false,
      limit: 'address',
    });
  });

  it('counts only failures: a right password takes its attempt back', async () => {
    const now = new Date();
    for (let i = 0; i < 3; i++) {
      await admitSignIn(prisma, 'owner@example.com', '192.0.2.77', policy, now);
      await forgetSuccessfulSignIn(prisma, 'owner@example.com', '192.0.2.77');
    }
    expect(await admitSignIn(prisma, 'owner@example.com', '192.0.2.77', policy, now)).toEqual({ admitted: true });
    expect((await prisma.signInThrottle.findUniqueOrThrow({ where: { key: 'address:192.0.2.77' } })).failures).toBe(1);
  });

  it('deletes the rows of windows that have ended', async () => {
    const old = new Date(Date.now() - 10 * 60_000);
    await admitSignIn(prisma, 'long-gone@example.com', '192.0.2.99', policy, old);
    expect(await prisma.signInThrottle.count({ where: { key: { contains: 'long-gone@example.com' } } })).toBe(1);
    await admitSignIn(prisma, 'someone@example.com', '192.0.2.98', policy);
    expect(await prisma.signInThrottle.count({ where: { key: { contains: 'long-gone@example.com' } } })).toBe(0);
  });

  it('admits at most the limit of a burst of 50 parallel sign-ins, checking no more passwords than that', async () => {
    await insertUser(prisma, SYSTEM_ACTOR, {
      email: 'burst-target@example.com',
      name: 'Burst',
      role: 'viewer',
      password: 'the-right-password',
    });
    const { authorizeCredentials } = await import('@/lib/auth/options');
    const headers = fromSocket('203.0.113.200');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        authorizeCredentials({ email: 'burst-target@example.com', password: 'a-wrong-guess' }, { headers }),
      ),
    );
    const refusedAsThrottled = outcomes.filter(
      (outcome) => outcome.status === 'rejected' && String(outcome.reason).includes('Too many failed sign-ins'),
    );
    const checked = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(checked).toHaveLength(5);
    expect(refusedAsThrottled).toHaveLength(45);
    // Refusals are audited, but not every throttled try: five wrong passwords, then the first try over each limit
    // (this account from this address, then the address itself, at its 21st try) — never the password.
    const audited = await prisma.auditEvent.findMany({
      where: { action: 'auth.sign-in.refused', target: 'user:burst-target@example.com' },
    });
    expect(audited.map((event) => (event.after as { reason: string }).reason).sort()).toEqual(
      [...Array(5).fill('wrong password or unknown account'), 'throttled', 'throttled'].sort(),
    );
    expect(JSON.stringify(audited.map(({ before, after }) => ({ before, after })))).not.toContain('a-wrong-guess');
    // The owner, elsewhere, still signs in, and that is audited with a session of its own.
    const signedIn = await authorizeCredentials(
      { email: 'burst-target@example.com', password: 'the-right-password' },
      { headers: fromSocket('198.51.100.200') },
    );
    expect(signedIn).toMatchObject({ email: 'burst-target@example.com', sessionId: expect.any(String) });
    expect(await prisma.userSession.findUnique({ where: { id: signedIn!.sessionId } })).toMatchObject({
      clientAddress: '198.51.100.200',
      revokedAt: null,
    });
    expect(
      await prisma.auditEvent.count({ where: { action: 'auth.sign-in', target: 'user:burst-target@example.com' } }),
    ).toBe(1);
  });

  it('audits a refused sign-in of an account that does not exist without keeping what was typed', async () => {
    const { authorizeCredentials } = await import('@/lib/auth/options');
    const typed = 'hunter2-typed-into-the-email-field@x';
    expect(
      await authorizeCredentials(
        { email: typed, password: 'whatever-long-enough' },
        { headers: fromSocket('198.51.100.77') },
      ),
    ).toBeNull();
    const [event] = await prisma.auditEvent.findMany({
      where: { action: 'auth.sign-in.refused', after: { path: ['clientAddress'], equals: '198.51.100.77' } },
    });
    expect(event).toMatchObject({
      target: 'user:(no such account)',
      after: { reason: 'wrong password or unknown account' },
    });
    const refused = await prisma.auditEvent.findMany({
      where: { action: 'auth.sign-in.refused' },
      select: { target: true, before: true, after: true },
    });
    expect(JSON.stringify(refused)).not.toContain('hunter2');
  });

  it('ends a signed-out session on its next request, in every process within seconds', async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'burst-target@example.com' } });
    const { startSession, endSession } = await import('@/lib/auth/user-sessions');
    const { resolveSessionUser } = await import('@/lib/auth/session');
    const sessionId = await startSession({ id: user.id, email: user.email }, '198.51.100.200', 3_600);
    const session = {
      userId: String(user.id),
      sessionId,
      signedInAt: Date.now(),
      role: 'viewer',
      user: { email: user.email },
    };
    expect(await resolveSessionUser(session)).toMatchObject({ id: user.id });
    await endSession(sessionId, { id: user.id, email: user.email });
    expect(await resolveSessionUser(session)).toBeNull();
    expect(await prisma.auditEvent.count({ where: { action: 'auth.sign-out', target: `user:${user.email}` } })).toBe(1);
    // A cookie from before sessions were recorded names none: it is refused too.
    expect(
      await resolveSessionUser({ userId: String(user.id), role: 'viewer', user: { email: user.email } }),
    ).toBeNull();
    expect(
      await resolveSessionUser({ userId: String(user.id), sessionId, role: 'viewer', user: { email: user.email } }),
    ).toBeNull();
  });

  it('ends a session at its age counted from the sign-in, however often the cookie was refreshed, revoked or not', async () => {
    // next-auth re-issues the cookie with a fresh expiry on every session read, so the cookie's own expiry says
    // nothing; a revoked id leaves the revoked list when its row expires, and must not come back to life then.
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'burst-target@example.com' } });
    const { startSession, endSession } = await import('@/lib/auth/user-sessions');
    const { resolveSessionUser } = await import('@/lib/auth/session');
    const { SESSION_MAX_AGE_SECONDS } = await import('@/lib/auth/options');
    const maxAgeMs = SESSION_MAX_AGE_SECONDS * 1000;
    const session = (sessionId: string, signedInAt: number) => ({
      userId: String(user.id),
      sessionId,
      signedInAt,
      role: 'viewer',
      user: { email: user.email },
    });
    const longAgo = new Date(Date.now() - maxAgeMs - 60_000);
    const kept = await startSession(
      { id: user.id, email: user.email },
      '198.51.100.201',
      SESSION_MAX_AGE_SECONDS,
      longAgo,
    );
    expect(await resolveSessionUser(session(kept, longAgo.getTime()))).toBeNull();
    const revoked = await startSession(
      { id: user.id, email: user.email },
      '198.51.100.201',
      SESSION_MAX_AGE_SECONDS,
      longAgo,
    );
    await endSession(revoked, { id: user.id, email: user.email });
    expect(await resolveSessionUser(session(revoked, longAgo.getTime()))).toBeNull();
    // Just within its age, a session not signed out still works.
    const recent = new Date(Date.now() - maxAgeMs + 60_000);
    const live = await startSession(
      { id: user.id, email: user.email },
      '198.51.100.201',
      SESSION_MAX_AGE_SECONDS,
      recent,
    );
    expect(await resolveSessionUser(session(live, recent.getTime()))).toMatchObject({ id: user.id });
  });
});
