/** Users, roles and the audit trail they leave; sign-in throttling across attempts. */
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '@/lib/audit/record-audit-event';
import { clearFailedSignIns, findBlockedUntil, recordFailedSignIn } from '@/lib/auth/throttle';
import { getPrisma } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { createUser, ensureAdmin, setUserDisabled, updateUserRole } from '@/lib/users/users';
import { verifyPassword } from '@/lib/auth/password';

const prisma = getPrisma();
const actor = { id: null, email: 'tester@example.com' };

async function auditFor(target: string) {
  return prisma.auditEvent.findMany({ where: { target }, orderBy: { id: 'asc' } });
}

describe('users', () => {
  it('creates a user with a hashed password and audits it', async () => {
    const user = await createUser(prisma, actor, { email: ' Viewer.One@Example.com ', name: 'Viewer One', role: 'viewer', password: 'a-long-password-1' });
    expect(user).toMatchObject({ email: 'viewer.one@example.com', role: 'viewer', disabled: false });
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).not.toContain('a-long-password-1');
    expect(await verifyPassword('a-long-password-1', stored.passwordHash)).toBe(true);
    const [event] = await auditFor('user:viewer.one@example.com');
    expect(event).toMatchObject({ action: 'user.create', actorEmail: 'tester@example.com', after: { email: 'viewer.one@example.com', role: 'viewer' } });
  });

  it('refuses a duplicate e-mail', async () => {
    await expect(createUser(prisma, actor, { email: 'viewer.one@example.com', name: 'Again', role: 'admin', password: 'a-long-password-2' })).rejects.toThrow(
      'already exists',
    );
  });

  it('changes a role and disables a user, auditing before and after', async () => {
    const user = await createUser(prisma, actor, { email: 'op@example.com', name: 'Op', role: 'viewer', password: 'a-long-password-3' });
    await updateUserRole(prisma, actor, user.id, 'operator');
    await setUserDisabled(prisma, actor, user.id, true);
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
    for (const admin of admins.slice(1)) await setUserDisabled(prisma, actor, admin.id, true);
    const [last] = await prisma.user.findMany({ where: { role: 'admin', disabledAt: null } });
    await expect(updateUserRole(prisma, actor, last.id, 'viewer')).rejects.toBeInstanceOf(AppError);
    await expect(setUserDisabled(prisma, actor, last.id, true)).rejects.toThrow('last enabled admin');
  });

  it('ensureAdmin resets the password of an existing admin at every start', async () => {
    expect(await ensureAdmin(prisma, SYSTEM_ACTOR, 'reset@example.com', 'password-number-one')).toBe('created');
    expect(await ensureAdmin(prisma, SYSTEM_ACTOR, 'reset@example.com', 'password-number-two')).toBe('password_reset');
    const stored = await prisma.user.findUniqueOrThrow({ where: { email: 'reset@example.com' } });
    expect(await verifyPassword('password-number-two', stored.passwordHash)).toBe(true);
    expect(await verifyPassword('password-number-one', stored.passwordHash)).toBe(false);
  });
});

describe('sign-in throttling', () => {
  const policy = { maxFailures: 3, windowMs: 60_000 };

  it('blocks an address after the allowed failures within the window, and only that address', async () => {
    const now = new Date();
    for (let i = 0; i < 2; i++) await recordFailedSignIn(prisma, 'victim@example.com', policy, now);
    expect(await findBlockedUntil(prisma, 'victim@example.com', now)).toBeNull();
    await recordFailedSignIn(prisma, 'victim@example.com', policy, now);
    expect(await findBlockedUntil(prisma, 'victim@example.com', now)).toEqual(new Date(now.getTime() + 60_000));
    expect(await findBlockedUntil(prisma, 'someone-else@example.com', now)).toBeNull();
    expect(await findBlockedUntil(prisma, 'victim@example.com', new Date(now.getTime() + 61_000))).toBeNull();
  });

  it('counts concurrent failures without losing any', async () => {
    await Promise.all(Array.from({ length: 3 }, () => recordFailedSignIn(prisma, 'burst@example.com', policy)));
    expect(await findBlockedUntil(prisma, 'burst@example.com')).not.toBeNull();
  });

  it('starts a new window once the old one has passed, and clears on success', async () => {
    const start = new Date();
    await recordFailedSignIn(prisma, 'slow@example.com', policy, start);
    await recordFailedSignIn(prisma, 'slow@example.com', policy, start);
    await recordFailedSignIn(prisma, 'slow@example.com', policy, new Date(start.getTime() + 120_000));
    expect((await prisma.signInThrottle.findUniqueOrThrow({ where: { key: 'slow@example.com' } })).failures).toBe(1);
    await clearFailedSignIns(prisma, 'slow@example.com');
    expect(await prisma.signInThrottle.findUnique({ where: { key: 'slow@example.com' } })).toBeNull();
  });
});
