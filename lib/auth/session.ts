/**
 * The guard every page, server action and route handler calls itself (a layout or the proxy is only a
 * convenience). The session names a user id; the user's role and enabled state are read fresh from the console
 * store. While the store is unreachable, for at most STORE_OUTAGE_GRACE_MINUTES after the outage began, the last
 * users and roles this process read are honoured, or, in a process that has read none, the role signed into the
 * session at sign-in — so the on-call engineer keeps the console during the incident.
 */
import 'server-only';
import { getServerSession } from 'next-auth';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { formatClock } from '../format';
import { AppError, errorResponse } from '../errors';
import { knownError } from '../store/store-errors';
import { forgetShared } from '../monitoring/shared-cache';
import { isStoreUnavailable, readKnown } from '../store/last-known';
import { getStoreOutage } from '../store/outage';
import { authOptions, SESSION_MAX_AGE_SECONDS } from './options';
import { listRevokedSessions, noteSessionSeen } from './user-sessions';
import { hasRole, isRole, type Role } from './roles';
import { foldTargetRoles, requireRoleOn } from './target-roles';

export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  /**
   * Target name → the role there where it is narrowed (lib/auth/target-roles.ts roleOn): read with the user, so a
   * narrowing applies on the next request, and kept with the last known state during an outage.
   */
  targetRoles: Readonly<Record<string, Role>>;
  /**
   * Set while the console store is unreachable and the user comes from the last known state: then the console is
   * read-only for everyone — a change could not be audited, and a disabled account or a lowered role could not be
   * seen.
   */
  fromLastKnownState?: true;
  /** The console.user_session row the request's session names (the Sessions page marks it, and keeps it). */
  sessionId?: string;
}

/**
 * The console's users (a small table) are read at most once per USERS_TTL_MS per process, however many people
 * are signed in: sessions must not multiply queries on the monitored database, which also holds the console
 * schema. A change made here is visible at once (forgetConsoleUsers); one made by another process within the TTL.
 */
const USERS_KEY = 'console-users';
const USERS_TTL_MS = 5_000;

async function loadEnabledUsers(): Promise<Map<number, CurrentUser>> {
  const users = await getPrisma().user.findMany({
    where: { disabledAt: null },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      // Claims and admin rows alike: the lowest per target counts (lib/auth/target-roles.ts).
      targetRoles: { select: { targetName: true, role: true } },
    },
  });
  return new Map(
    users.map(({ targetRoles, ...user }) => [user.id, { ...user, targetRoles: foldTargetRoles(targetRoles) }]),
  );
}

export function forgetConsoleUsers(): void {
  forgetShared(USERS_KEY);
}

export interface SignedSession {
  userId?: string;
  role?: string;
  /** The console.user_session row this sign-in made (lib/auth/user-sessions.ts). */
  sessionId?: string;
  /** When the sign-in happened (ms since the epoch); the cookie's own expiry moves with every refresh. */
  signedInAt?: number;
  user?: { email?: string | null; name?: string | null };
}

/**
 * Whether the session is over: older than SESSION_MAX_AGE_SECONDS since its sign-in, or signed out — from the
 * revoked list read every few seconds (it keeps a revoked id until that same age, after which the first test
 * refuses it), or its last known state while the console store is down. A cookie from before sessions were
 * recorded, or without its sign-in time, names none: signed in again.
 */
async function isOver(session: SignedSession, now = Date.now()): Promise<boolean> {
  if (!session.sessionId || typeof session.signedInAt !== 'number') return true;
  if (now >= session.signedInAt + SESSION_MAX_AGE_SECONDS * 1000) return true;
  try {
    return (await listRevokedSessions()).value.has(session.sessionId);
  } catch (error) {
    // Never read since this process started and the store is down: nothing says it was revoked.
    if (isStoreUnavailable(error)) return false;
    throw error;
  }
}

const readUsers = () => readKnown(USERS_KEY, USERS_TTL_MS, loadEnabledUsers);

/** Whether an outage is young enough for last known roles to be honoured. */
function isWithinOutageGrace(now = Date.now()): boolean {
  const since = getStoreOutage()?.since.getTime() ?? now;
  return now - since <= getEnv().STORE_OUTAGE_GRACE_MINUTES * 60_000;
}

/** The user as signed into the session at sign-in, for a process that has not read the users since it started. */
function fromSignedSession(id: number, session: SignedSession): CurrentUser | null {
  if (!isRole(session.role) || !session.user?.email) return null;
  return {
    id,
    email: session.user.email,
    name: session.user.name ?? session.user.email,
    role: session.role,
    // Unknown without the store; harmless, since nothing above viewer is allowed from the last known state.
    targetRoles: {},
    fromLastKnownState: true,
  };
}

/** The signed-in user a session names, as the console store (or, while it is down, the last known state) has them. */
async function findSessionUser(session: SignedSession | null): Promise<CurrentUser | null> {
  const id = Number(session?.userId);
  if (!session || !Number.isInteger(id) || id <= 0) return null;
  if (await isOver(session)) return null;
  try {
    const users = await readUsers();
    if (users.stale) {
      const known = isWithinOutageGrace() ? users.value.get(id) : undefined;
      return known ? { ...known, fromLastKnownState: true } : null;
    }
    const user = users.value.get(id);
    if (user) return user;
    // Not in the cached list: signed up since it was read (another process), or disabled. Read once more.
    forgetConsoleUsers();
    return (await readUsers()).value.get(id) ?? null;
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    return isWithinOutageGrace() ? fromSignedSession(id, session) : null;
  }
}

/**
 * The signed-in user a session names (findSessionUser), with the session's id. A request read from the store notes
 * the session's last seen time, at most once a minute and never awaited (lib/auth/user-sessions.ts).
 */
export async function resolveSessionUser(session: SignedSession | null): Promise<CurrentUser | null> {
  const user = await findSessionUser(session);
  if (!user || !session?.sessionId) return user;
  if (!user.fromLastKnownState) void noteSessionSeen(session.sessionId);
  return { ...user, sessionId: session.sessionId };
}

/** Once per request: the layout and the page both ask. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> =>
  resolveSessionUser((await getServerSession(authOptions)) as SignedSession | null),
);

/**
 * What requireRole returns: the user and the role the action asked for, which the target it touches must allow too
 * (requireRoleOn; lib/targets/selection.ts onNamedTarget does it for the page's target).
 */
export interface Grant extends CurrentUser {
  acting: Role;
}

/** For server actions: throws an AppError that the action turns into a refusal. */
export async function requireRole(role: Role): Promise<Grant> {
  const user = await getCurrentUser();
  if (!user) throw new AppError('unauthenticated', 'Sign in first.');
  if (!hasRole(user.role, role)) throw new AppError('forbidden', `This needs the ${role} role; you are ${user.role}.`);
  if (!mayChange(user, role)) {
    const since = getStoreOutage()?.since;
    throw new AppError(
      'database_unavailable',
      `Changes are paused while the console database is unreachable${since ? ` (since ${formatClock(since)})` : ''}: it records who did what, and the roles it holds cannot be checked. Reading still works.`,
    );
  }
  return { ...user, acting: role };
}

/**
 * Whether `user` may use what needs `role`: above viewer, never while the console is read-only (see
 * fromLastKnownState). requireRole enforces the same; pages use this to offer only the controls that will work.
 */
export function mayChange(user: CurrentUser, role: Role): boolean {
  return hasRole(user.role, role) && (role === 'viewer' || !user.fromLastKnownState);
}

/** For pages: anonymous visitors go to /login, a too-low role gets the 403 page. */
export async function requirePageRole(role: Role): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

type RouteHandler<Context> = (request: Request, context: Context & { user: CurrentUser }) => Promise<Response>;

/**
 * For route handlers: 401 when anonymous, 403 when the role is too low (with `on`, the role on that target: a route
 * that always acts on one target, such as a backup of the primary), and any failure of the work, each in the one
 * error shape of lib/errors.ts (errorResponse).
 */
export function withRole<Context extends object>(
  role: Role,
  handler: RouteHandler<Context>,
  options: { on?: string } = {},
) {
  return async (request: Request, context: Context): Promise<Response> => {
    try {
      const user = await getCurrentUser();
      if (!user) return errorResponse(new AppError('unauthenticated', 'Sign in first.'));
      if (!hasRole(user.role, role)) return errorResponse(new AppError('forbidden', `This needs the ${role} role.`));
      if (options.on) requireRoleOn({ ...user, acting: role }, options.on);
      return await handler(request, { ...context, user });
    } catch (error) {
      // The console store's outage or a timeout is told as such; anything else is `internal`, its detail logged.
      return errorResponse(knownError(error) ?? error);
    }
  };
}
