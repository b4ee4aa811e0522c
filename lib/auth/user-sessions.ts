/**
 * Sessions that can be ended server-side: each sign-in gets a console.user_session row whose id the session cookie
 * carries, and signing out revokes it — a copied cookie then stops working at its next request. The revoked ids
 * still within their lifetime are read through the shared short cache (one query per process per few seconds),
 * and kept through an outage of the console store (the last list read). Sign-ins, refusals and sign-outs are
 * audited; a password never is.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { recordAuditEvent } from '../audit/record-audit-event';
import { getPrisma } from '../db';
import { forgetShared } from '../monitoring/shared-cache';
import { readKnown, type Known } from '../store/last-known';

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
      action: method.breakGlass ? 'auth.sign-in.break-glass' : 'auth.sign-in',
      target: `user:${user.email}`,
      after: { clientAddress, provider: method.provider },
    });
  });
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
  reason: 'wrong password or unknown account' | 'disabled account' | 'throttled',
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
