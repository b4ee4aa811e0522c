/**
 * Sessions that can be ended server-side: each sign-in gets a console.user_session row whose id the session cookie
 * carries, and signing out revokes it — a copied cookie then stops working at its next request. The revoked ids
 * still within their lifetime are read through the shared short cache (one query per process per few seconds),
 * and kept through an outage of the console store (the last list read). Admins see every session in use and can end
 * any; a person can end their own other ones; each session's last request is noted to the minute. Sign-ins,
 * refusals, sign-outs and ended sessions are audited; a password never is.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { BREAK_GLASS_ACTION, forgetBreakGlassSignIns } from '../audit/find-break-glass-sign-ins';
import { recordAuditEvent } from '../audit/record-audit-event';
import { getPrisma } from '../db';
import { AppError, errorMessage } from '../errors';
import { forgetShared } from '../monitoring/shared-cache';
import { isStoreUnavailable, readKnown, type Known } from '../store/last-known';

const REVOKED_KEY = 'revoked-sessions';
const REVOKED_TTL_MS = 5_000;

export interface SignedIn {
  id: number;
  email: string;
}

/** How a session was signed in: next-auth's provider id, and whether it was the break-glass admin's password. */
export interface SignInMethod {
  provider: 'credentials' | 'oidc' | 'github' | 'google';
  /** The ADMIN_EMAIL account signing in with a password while PASSWORD_SIGNIN=false. */
  breakGlass?: boolean;
}

/** Records a sign-in: the session's row and its audit entry together. Returns the session's id. */
export async function startSession(
  user: SignedIn,
  clientAddress: string,
  lifetimeSeconds: number,
  now = new Date(),
  method: SignInMethod = { provider: 'credentials' },
): Promise<string> {
  const id = randomUUID();
  await getPrisma().$transaction(async (tx) => {
    await tx.userSession.create({
      data: {
        id,
        userId: user.id,
        clientAddress,
        provider: method.provider,
        startedAt: now,
        expiresAt: new Date(now.getTime() + lifetimeSeconds * 1000),
      },
    });
    await recordAuditEvent(tx, {
      actor: user,
      action: method.breakGlass ? BREAK_GLASS_ACTION : 'auth.sign-in',
      target: `user:${user.email}`,
      after: { clientAddress, provider: method.provider },
    });
  });
  if (method.breakGlass) forgetBreakGlassSignIns();
  return id;
}

/**
 * A refused sign-in, for the audit log: which account was tried, from where, why — never the password. What was
 * typed is kept only when it names an account: the append-only log must not keep whatever anyone types (a password
 * typed into the e-mail field, endless invented names).
 */
export async function recordRefusedSignIn(
  email: string,
  accountExists: boolean,
  clientAddress: string,
  reason: 'wrong password or unknown account' | 'disabled account' | 'throttled' | 'password sign-in is turned off',
): Promise<void> {
  const target = accountExists ? `user:${email}` : 'user:(no such account)';
  await recordAuditEvent(getPrisma(), {
    actor: { id: null, email: 'anonymous' },
    action: 'auth.sign-in.refused',
    target,
    after: { clientAddress, reason },
  });
}

/** Signing out: the session is revoked, at once in this process and within seconds in the others. */
export async function endSession(sessionId: string, user: SignedIn | null): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    const { count } = await tx.userSession.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count > 0 && user)
      await recordAuditEvent(tx, { actor: user, action: 'auth.sign-out', target: `user:${user.email}` });
  });
  forgetShared(REVOKED_KEY);
}

/** The ids of revoked sessions that have not expired yet (an expired session is refused for its age alone). */
export function listRevokedSessions(): Promise<Known<Set<string>>> {
  return readKnown(REVOKED_KEY, REVOKED_TTL_MS, async () => {
    const rows = await getPrisma().userSession.findMany({
      where: { revokedAt: { not: null }, expiresAt: { gt: new Date() } },
      select: { id: true },
    });
    return new Set(rows.map((row) => row.id));
  });
}

/** A session not signed out or ended and within its age, as the Sessions page lists it. */
export interface ActiveSession {
  id: string;
  userId: number;
  userEmail: string;
  userName: string;
  /** next-auth's provider id: credentials, oidc, github or google. */
  provider: string;
  clientAddress: string;
  startedAt: Date;
  /** The last request seen, to the minute (noteSessionSeen); null until the first one after the sign-in. */
  lastSeenAt: Date | null;
}

/** More than a console has signed in at once; the page says when the list is cut. */
export const ACTIVE_SESSIONS_SHOWN = 500;

/**
 * The sessions still in use, newest first: everyone's, or one user's. A disabled account's sessions are left out:
 * they are refused at their next request already (lib/auth/session.ts).
 */
export async function listActiveSessions(filter: { userId?: number } = {}, now = new Date()): Promise<ActiveSession[]> {
  const rows = await getPrisma().userSession.findMany({
    where: {
      revokedAt: null,
      expiresAt: { gt: now },
      user: { disabledAt: null },
      ...(filter.userId !== undefined && { userId: filter.userId }),
    },
    orderBy: [{ startedAt: 'desc' }, { id: 'asc' }],
    take: ACTIVE_SESSIONS_SHOWN,
    select: {
      id: true,
      userId: true,
      provider: true,
      clientAddress: true,
      startedAt: true,
      lastSeenAt: true,
      user: { select: { email: true, name: true } },
    },
  });
  return rows.map(({ user, ...session }) => ({ ...session, userEmail: user.email, userName: user.name }));
}

/**
 * An admin ends someone's session: revoked and audited with who ended it, refused at its next request — at once in
 * this process, within seconds (the revoked list's cache) in the others. Ending a session already over changes
 * nothing and is not audited again; an id that names no session is `not_found`.
 */
export async function endSessionAs(actor: SignedIn, sessionId: string, now = new Date()): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    const session = await tx.userSession.findUnique({
      where: { id: sessionId },
      select: { clientAddress: true, user: { select: { email: true } } },
    });
    if (!session) throw new AppError('not_found', 'That session does not exist.');
    const { count } = await tx.userSession.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: now },
    });
    if (count > 0)
      await recordAuditEvent(tx, {
        actor,
        action: 'auth.session.end',
        target: `user:${session.user.email}`,
        after: { sessionId, clientAddress: session.clientAddress, endedBy: actor.email },
      });
  });
  forgetShared(REVOKED_KEY);
}

/**
 * A person ends their own sessions other than `keep` (the one they are using): each is revoked and audited as an
 * admin's ending is. Returns how many were ended.
 */
export async function endSessionsExcept(user: SignedIn, keep: string, now = new Date()): Promise<number> {
  const ended = await getPrisma().$transaction(async (tx) => {
    // One statement: exactly the rows it revoked come back, so one ended at the same moment by an admin is audited
    // once, by whoever ended it.
    const others = await tx.userSession.updateManyAndReturn({
      where: { userId: user.id, id: { not: keep }, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
      select: { id: true, clientAddress: true },
    });
    for (const session of others)
      await recordAuditEvent(tx, {
        actor: user,
        action: 'auth.session.end',
        target: `user:${user.email}`,
        after: { sessionId: session.id, clientAddress: session.clientAddress, endedBy: user.email },
      });
    return others.length;
  });
  if (ended > 0) forgetShared(REVOKED_KEY);
  return ended;
}

/** "Last seen" is kept to the minute: finer would cost a write per request. */
const SEEN_INTERVAL_MS = 60_000;

// Per process, on globalThis (Next bundles pages and route handlers apart, each with its own copy of this module):
// the sessions whose last seen time this process wrote within the interval. Bounded: far more than are ever signed in.
const globalForSeen = globalThis as unknown as { consoleSessionsSeen?: LRUCache<string, true> };
const recentlySeen = (globalForSeen.consoleSessionsSeen ??= new LRUCache<string, true>({
  max: 50_000,
  ttl: SEEN_INTERVAL_MS,
}));

/**
 * Notes a request of `sessionId`: at most one UPDATE per session per minute per process, and, across processes, a
 * row written within the minute is not written again. Never awaited on a request's path and never failing it: the
 * returned promise (for tests) resolves whatever happens, and is null when this process wrote within the minute.
 */
export function noteSessionSeen(sessionId: string, now = Date.now()): Promise<void> | null {
  if (recentlySeen.has(sessionId)) return null;
  recentlySeen.set(sessionId, true);
  const write = async () => {
    await getPrisma().userSession.updateMany({
      where: {
        id: sessionId,
        revokedAt: null,
        OR: [{ lastSeenAt: null }, { lastSeenAt: { lte: new Date(now - SEEN_INTERVAL_MS) } }],
      },
      data: { lastSeenAt: new Date(now) },
    });
  };
  return write().catch((error: unknown) => {
    // During an outage of the console store every session would say so once a minute; the banner says it once.
    if (!isStoreUnavailable(error)) console.warn(`last seen not recorded: ${errorMessage(error)}`);
  });
}

/** For tests: as if this process had written no last seen time yet (another process). */
export function forgetSessionsSeen(): void {
  recentlySeen.clear();
}
