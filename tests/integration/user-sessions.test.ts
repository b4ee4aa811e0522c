/**
 * Sessions admins can see and end (lib/auth/user-sessions.ts) against the real console store: who is signed in, how
 * and from where; an admin ending anyone's session and a person ending their other ones — each refused at its next
 * request and audited with who ended it; and the last seen time, written at most once a minute per session.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '@/lib/audit/record-audit-event';
import { resolveSessionUser } from '@/lib/auth/session';
import {
  endSessionAs,
  endSessionsExcept,
  forgetSessionsSeen,
  listActiveSessions,
  noteSessionSeen,
  startSession,
} from '@/lib/auth/user-sessions';
import { getPrisma } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { insertUser, writeUserDisabled } from '@/lib/users/users';

const prisma = getPrisma();
const HOUR = 3_600;

async function makeUser(email: string, role: 'viewer' | 'admin' = 'viewer') {
  const user = await insertUser(prisma, SYSTEM_ACTOR, {
    email,
    name: email.split('@')[0],
    role,
    password: 'a-long-password-9',
  });
  return { id: user.id, email: user.email };
}

/** The session a cookie of `sessionId` names, as lib/auth/session.ts reads it on a request. */
const cookieOf = (user: { id: number; email: string }, sessionId: string) => ({
  userId: String(user.id),
  sessionId,
  signedInAt: Date.now(),
  role: 'viewer',
  user: { email: user.email },
});

let admin: { id: number; email: string };
beforeAll(async () => {
  admin = await makeUser('sessions-admin@example.com', 'admin');
});

const endedEntries = (email: string) =>
  prisma.auditEvent.findMany({
    where: { action: 'auth.session.end', target: `user:${email}` },
    orderBy: { id: 'asc' },
  });

describe('listActiveSessions', () => {
  it('lists the sessions in use, newest first, with who, how and from where — not those ended, expired or disabled', async () => {
    const ana = await makeUser('sessions-ana@example.com');
    const ben = await makeUser('sessions-ben@example.com');
    const gone = await makeUser('sessions-gone@example.com');
    const start = (
      user: typeof ana,
      address: string,
      minutesAgo: number,
      provider: 'credentials' | 'oidc',
      hours = 12,
    ) => startSession(user, address, hours * HOUR, new Date(Date.now() - minutesAgo * 60_000), { provider });
    const older = await start(ana, '198.51.100.1', 30, 'credentials');
    const newer = await start(ben, '198.51.100.2', 10, 'oidc');
    const ended = await start(ana, '198.51.100.3', 5, 'credentials');
    await endSessionAs(admin, ended);
    await start(ana, '198.51.100.4', 120, 'credentials', 1); // started two hours ago, lasting one: over
    await start(gone, '198.51.100.5', 1, 'credentials');
    await writeUserDisabled(prisma, SYSTEM_ACTOR, gone.id, true);

    const ours = (await listActiveSessions()).filter((session) => session.userEmail.startsWith('sessions-'));
    expect(ours.map((session) => [session.id, session.userEmail, session.provider, session.clientAddress])).toEqual([
      [newer, 'sessions-ben@example.com', 'oidc', '198.51.100.2'],
      [older, 'sessions-ana@example.com', 'credentials', '198.51.100.1'],
    ]);
    expect(ours[0]).toMatchObject({ userId: ben.id, userName: 'sessions-ben', lastSeenAt: null });
    expect(ours[0].startedAt.getTime()).toBeLessThan(Date.now() - 9 * 60_000);

    expect((await listActiveSessions({ userId: ana.id })).map((session) => session.id)).toEqual([older]);
  });
});

describe('endSessionAs', () => {
  let owner: { id: number; email: string };

  beforeAll(async () => {
    owner = await makeUser('sessions-owner@example.com');
  });

  it('ends anyone’s session at its next request and audits who ended it, once', async () => {
    const sessionId = await startSession(owner, '203.0.113.10', 12 * HOUR);
    expect(await resolveSessionUser(cookieOf(owner, sessionId))).toMatchObject({ id: owner.id, sessionId });

    await endSessionAs(admin, sessionId);
    // At once in this process: the revoked list is read afresh, not after its few seconds.
    expect(await resolveSessionUser(cookieOf(owner, sessionId))).toBeNull();
    expect((await prisma.userSession.findUniqueOrThrow({ where: { id: sessionId } })).revokedAt).not.toBeNull();
    const [entry] = await endedEntries(owner.email);
    expect(entry).toMatchObject({
      actorId: admin.id,
      actorEmail: 'sessions-admin@example.com',
      after: { sessionId, clientAddress: '203.0.113.10', endedBy: 'sessions-admin@example.com' },
    });

    // Ended again (two admins at once): nothing changes, nothing more is audited.
    await endSessionAs(admin, sessionId);
    expect(await endedEntries(owner.email)).toHaveLength(1);
  });

  it('says when the session does not exist', async () => {
    const refusal = await endSessionAs(admin, randomUUID()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'not_found', userMessage: 'That session does not exist.' });
  });
});

describe('endSessionsExcept', () => {
  it('ends a person’s other sessions and keeps the one they use; nobody else’s', async () => {
    const carla = await makeUser('sessions-carla@example.com');
    const dan = await makeUser('sessions-dan@example.com');
    const kept = await startSession(carla, '192.0.2.1', 12 * HOUR);
    const laptop = await startSession(carla, '192.0.2.2', 12 * HOUR);
    const phone = await startSession(carla, '192.0.2.3', 12 * HOUR, new Date(), { provider: 'oidc' });
    const dans = await startSession(dan, '192.0.2.4', 12 * HOUR);

    expect(await endSessionsExcept(carla, kept)).toBe(2);
    expect((await listActiveSessions({ userId: carla.id })).map((session) => session.id)).toEqual([kept]);
    expect(await resolveSessionUser(cookieOf(carla, kept))).toMatchObject({ id: carla.id });
    expect(await resolveSessionUser(cookieOf(carla, laptop))).toBeNull();
    expect(await resolveSessionUser(cookieOf(carla, phone))).toBeNull();
    expect(await resolveSessionUser(cookieOf(dan, dans))).toMatchObject({ id: dan.id });

    const entries = await endedEntries(carla.email);
    expect(entries.map((entry) => [entry.actorEmail, (entry.after as { sessionId: string }).sessionId]).sort()).toEqual(
      [
        [carla.email, laptop],
        [carla.email, phone],
      ].sort(),
    );
    // Nothing left to end: nothing happens.
    expect(await endSessionsExcept(carla, kept)).toBe(0);
    expect(await endedEntries(carla.email)).toHaveLength(2);
  });
});

describe('noteSessionSeen', () => {
  const lastSeen = async (id: string) => (await prisma.userSession.findUniqueOrThrow({ where: { id } })).lastSeenAt;

  it('writes at most once a minute per session: two requests within a minute make one write', async () => {
    const user = await makeUser('sessions-seen@example.com');
    const sessionId = await startSession(user, '192.0.2.50', 12 * HOUR);
    const t0 = Date.now();

    const first = noteSessionSeen(sessionId, t0);
    const second = noteSessionSeen(sessionId, t0 + 20_000);
    expect(first).toBeInstanceOf(Promise);
    expect(second).toBeNull();
    await first;
    expect(await lastSeen(sessionId)).toEqual(new Date(t0));

    // Another process (nothing noted in it yet) within the minute: the row says it was written, so it is not again.
    forgetSessionsSeen();
    await noteSessionSeen(sessionId, t0 + 30_000);
    expect(await lastSeen(sessionId)).toEqual(new Date(t0));

    // A minute on, it is.
    forgetSessionsSeen();
    await noteSessionSeen(sessionId, t0 + 61_000);
    expect(await lastSeen(sessionId)).toEqual(new Date(t0 + 61_000));
  });

  it('is noted by a request, and never for an ended session', async () => {
    const user = await makeUser('sessions-request@example.com');
    const sessionId = await startSession(user, '192.0.2.51', 12 * HOUR);
    forgetSessionsSeen();
    expect(await resolveSessionUser(cookieOf(user, sessionId))).toMatchObject({ id: user.id });
    // Not awaited by the request: it lands shortly after.
    await expect.poll(() => lastSeen(sessionId)).not.toBeNull();

    const ended = await startSession(user, '192.0.2.52', 12 * HOUR);
    await endSessionsExcept(user, sessionId);
    forgetSessionsSeen();
    await noteSessionSeen(ended);
    expect(await lastSeen(ended)).toBeNull();
  });

  it('never fails: a session id that names no row changes nothing', async () => {
    forgetSessionsSeen();
    await expect(noteSessionSeen(randomUUID())).resolves.toBeUndefined();
  });
});
