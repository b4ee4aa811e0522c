/**
 * Per-target roles for real: an admin narrows an operator to viewer on the primary through the server action, the
 * operator's next request reads it (with a narrowing from the identity provider's claims, the lowest counting), and a
 * forged operator action on the primary is refused — a backend is not signalled, a backup not started — while the
 * same action on another target (the same test server, watched a second time as `replica`) goes through. Clearing it
 * restores the role. Only next-auth's reading of the cookie (and Next.js's page cache) is replaced; the session guard,
 * the actions and the database are the console's own.
 */
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import type { SignedSession } from '@/lib/auth/session';
import { getPrisma } from '@/lib/db';
import { backendPid, openSession } from '../support/sessions';
import { sqlValue } from '../support/sql';

// Before any console module reads the environment (lib/env.ts caches it).
process.env.TARGETS = `replica=${inject('databaseUrl')}`;

const signedIn = vi.hoisted(() => ({ session: null as SignedSession | null }));
vi.mock('next-auth', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next-auth')>()),
  getServerSession: async () => signedIn.session,
}));

// Next.js's page cache needs a request to mark a path stale; here the marks are only collected.
const revalidated = vi.hoisted(() => [] as string[]);
vi.mock('next/cache', () => ({ revalidatePath: (path: string) => void revalidated.push(path) }));

const { setTargetRole } = await import('@/lib/actions/users/set-target-role');
const { signalBackend } = await import('@/lib/actions/activity/signal-backend');
const { startBackup } = await import('@/lib/actions/backups/start-backup');
const { resolveSessionUser } = await import('@/lib/auth/session');
const { roleOn } = await import('@/lib/auth/target-roles');

const prisma = getPrisma();
let adminId: number;
let operatorId: number;

function signInAs(id: number, role: Role, email: string) {
  signedIn.session = {
    userId: String(id),
    role,
    sessionId: crypto.randomUUID(),
    signedInAt: Date.now(),
    user: { email, name: email },
  };
}

/** A client session sleeping on the test server, and a way to ask whether it is still there. */
async function sleeper() {
  const client = await openSession('target-roles-sleeper');
  const pid = await backendPid(client);
  const sleeping = client.query('SELECT pg_sleep(30)').catch(() => undefined);
  const alive = () => sqlValue<number>('SELECT count(*)::int FROM pg_stat_activity WHERE pid = $1', [pid]);
  return { pid, alive, end: async () => (await client.end().catch(() => undefined), await sleeping) };
}

beforeAll(async () => {
  ({ id: adminId } = await prisma.user.create({
    data: { email: 'narrowing-admin@example.com', name: 'Admin', role: 'admin', passwordHash: 'x' },
  }));
  ({ id: operatorId } = await prisma.user.create({
    data: { email: 'narrowed-operator@example.com', name: 'Operator', role: 'operator', passwordHash: 'x' },
  }));
});

describe('a role narrowed on a target', () => {
  it('is set by an admin, audited, and read with the user on the next request', async () => {
    signInAs(adminId, 'admin', 'narrowing-admin@example.com');
    const result = await setTargetRole({ userId: operatorId, target: 'primary', role: 'viewer' });
    expect(result).toEqual({ ok: true, data: [{ targetName: 'primary', source: 'admin', role: 'viewer' }] });
    expect(revalidated).toContain('/admin/users');
    const [event] = await prisma.auditEvent.findMany({
      where: { action: 'user.target-role.update', target: 'user:narrowed-operator@example.com' },
    });
    expect(event).toMatchObject({
      actorEmail: 'narrowing-admin@example.com',
      before: { target: 'primary', role: null },
      after: { target: 'primary', role: 'viewer' },
    });

    signInAs(operatorId, 'operator', 'narrowed-operator@example.com');
    const user = await resolveSessionUser(signedIn.session);
    expect(user).toMatchObject({ role: 'operator', targetRoles: { primary: 'viewer' } });
    expect(roleOn(user!, 'primary')).toBe('viewer');
    expect(roleOn(user!, 'replica')).toBe('operator');
  });

  it('refuses a forged operator action there, and lets it through on another target', async () => {
    signInAs(operatorId, 'operator', 'narrowed-operator@example.com');
    const victim = await sleeper();
    try {
      expect(await signalBackend({ target: 'primary', pid: victim.pid, signal: 'terminate' })).toEqual({
        ok: false,
        code: 'forbidden',
        message: 'On primary you are viewer; this needs the operator role there.',
      });
      expect(await victim.alive()).toBe(1);

      // What acts on the primary without naming it is held to the same role there.
      expect(await startBackup({ compression: 6, section: 'all', tables: [], storage: 'local' })).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
      expect(await prisma.backupRun.count({ where: { startedBy: 'narrowed-operator@example.com' } })).toBe(0);

      expect(await signalBackend({ target: 'replica', pid: victim.pid, signal: 'terminate' })).toEqual({
        ok: true,
        data: { delivered: true },
      });
      await expect.poll(victim.alive).toBe(0);
    } finally {
      await victim.end();
    }
  });

  it('takes the lowest of the claims and the admin rows, per target', async () => {
    await prisma.userTargetRole.create({
      data: { userId: operatorId, targetName: 'replica', source: 'claims', role: 'viewer' },
    });
    signInAs(adminId, 'admin', 'narrowing-admin@example.com');
    // A change through the action forgets the cached users; the claims row was written beside it.
    await setTargetRole({ userId: operatorId, target: 'primary', role: 'viewer' });
    signInAs(operatorId, 'operator', 'narrowed-operator@example.com');
    const user = await resolveSessionUser(signedIn.session);
    expect(user?.targetRoles).toEqual({ primary: 'viewer', replica: 'viewer' });
    await prisma.userTargetRole.deleteMany({ where: { userId: operatorId, source: 'claims' } });
  });

  it('refuses an unknown target and a role that would not narrow, with what to do', async () => {
    signInAs(adminId, 'admin', 'narrowing-admin@example.com');
    expect(await setTargetRole({ userId: operatorId, target: 'nowhere', role: 'viewer' })).toEqual({
      ok: false,
      code: 'not_found',
      message: 'There is no target named "nowhere"; choose one from the list.',
    });
    expect(await setTargetRole({ userId: operatorId, target: 'replica', role: 'operator' })).toEqual({
      ok: false,
      code: 'conflict',
      message:
        'narrowed-operator@example.com is operator everywhere; a role on a target can only narrow that: choose viewer, or clear it.',
    });
    expect(await setTargetRole({ userId: operatorId, target: 'Primary!', role: 'viewer' })).toMatchObject({
      ok: false,
      code: 'invalid_input',
      fieldErrors: { target: ['Choose a target from the list.'] },
    });
    // Only an admin sets them.
    signInAs(operatorId, 'operator', 'narrowed-operator@example.com');
    expect(await setTargetRole({ userId: operatorId, target: 'primary', role: null })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
  });

  it('is cleared by an admin, which restores the role there at once', async () => {
    signInAs(adminId, 'admin', 'narrowing-admin@example.com');
    expect(await setTargetRole({ userId: operatorId, target: 'primary', role: null })).toEqual({ ok: true, data: [] });
    // Clearing again changes nothing and records nothing.
    expect(await setTargetRole({ userId: operatorId, target: 'primary', role: null })).toEqual({ ok: true, data: [] });
    const events = await prisma.auditEvent.findMany({
      where: { action: 'user.target-role.update', target: 'user:narrowed-operator@example.com' },
      orderBy: { id: 'asc' },
    });
    expect(events.map((event) => event.after)).toEqual([
      { target: 'primary', role: 'viewer' },
      { target: 'primary', role: null },
    ]);

    signInAs(operatorId, 'operator', 'narrowed-operator@example.com');
    const victim = await sleeper();
    try {
      expect(await signalBackend({ target: 'primary', pid: victim.pid, signal: 'terminate' })).toEqual({
        ok: true,
        data: { delivered: true },
      });
    } finally {
      await victim.end();
    }
  });
});
