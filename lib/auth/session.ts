/**
 * The guard every page, server action and route handler calls itself (a layout or the proxy is only a
 * convenience). The session names a user id; the user's role and enabled state are read fresh from the database.
 */
import 'server-only';
import { getServerSession } from 'next-auth';
import { forbidden, redirect } from 'next/navigation';
import { NextResponse } from 'next/server';
import { cache } from 'react';
import { getPrisma } from '../db';
import { AppError } from '../errors';
import { forgetShared, sharedCached } from '../monitoring/shared-cache';
import { authOptions } from './options';
import { hasRole, type Role } from './roles';

export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

/**
 * The console's users (a small table) are read at most once per USERS_TTL_MS per process, however many people
 * are signed in: sessions must not multiply queries on the monitored database, which also holds the console
 * schema. A change made here is visible at once (forgetConsoleUsers); one made by another process within the TTL.
 */
const USERS_KEY = 'console-users';
const USERS_TTL_MS = 5_000;

async function loadEnabledUsers(): Promise<Map<number, CurrentUser>> {
  const users = await getPrisma().user.findMany({ where: { disabledAt: null }, select: { id: true, email: true, name: true, role: true } });
  return new Map(users.map((user) => [user.id, user]));
}

export function forgetConsoleUsers(): void {
  forgetShared(USERS_KEY);
}

/** Once per request: the layout and the page both ask. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = (await getServerSession(authOptions)) as { userId?: string } | null;
  const id = Number(session?.userId);
  if (!Number.isInteger(id) || id <= 0) return null;
  const user = (await sharedCached(USERS_KEY, USERS_TTL_MS, loadEnabledUsers)).get(id);
  if (user) return user;
  // Not in the cached list: signed up since it was read (another process), or disabled. Read once more.
  forgetConsoleUsers();
  return (await sharedCached(USERS_KEY, USERS_TTL_MS, loadEnabledUsers)).get(id) ?? null;
});

/** For server actions: throws an AppError that the action turns into a refusal. */
export async function requireRole(role: Role): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError('unauthenticated', 'Sign in first.');
  if (!hasRole(user.role, role)) throw new AppError('forbidden', `This needs the ${role} role; you are ${user.role}.`);
  return user;
}

/** For pages: anonymous visitors go to /login, a too-low role gets the 403 page. */
export async function requirePageRole(role: Role): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

type RouteHandler<Context> = (request: Request, context: Context & { user: CurrentUser }) => Promise<Response>;

/** For route handlers: 401 JSON when anonymous, 403 JSON when the role is too low. */
export function withRole<Context extends object>(role: Role, handler: RouteHandler<Context>) {
  return async (request: Request, context: Context): Promise<Response> => {
    const user = await getCurrentUser();
    if (!user) return NextResponse.json({ error: 'unauthenticated', message: 'Sign in first.' }, { status: 401 });
    if (!hasRole(user.role, role)) {
      return NextResponse.json({ error: 'forbidden', message: `This needs the ${role} role.` }, { status: 403 });
    }
    return handler(request, { ...context, user });
  };
}
