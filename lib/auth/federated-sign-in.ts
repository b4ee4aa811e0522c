/**
 * A sign-in through an identity provider (OpenID Connect, GitHub, Google), after next-auth has validated the
 * provider's answer (state, PKCE, the id_token's signature, audience and expiry): who the person is in the console
 * and with which role, or why they are refused. Called by the signIn callback (lib/auth/options.ts).
 *
 * - The issuer is compared with OIDC_ISSUER here: next-auth 4 checks the id_token against the issuer named by the
 *   discovery document, but never that document's issuer against the configured one.
 * - Roles come from the provider's groups at every sign-in (lib/auth/claim-roles.ts); no mapped group is a refusal,
 *   never a silent viewer. A changed role and changed target roles are audited.
 * - People are found by (provider, subject) and created at their first sign-in, without a password. An e-mail that
 *   already belongs to another account is refused, never linked: linking would let the provider speak for an account
 *   it did not make (and the break-glass ADMIN_EMAIL account stays password-only).
 * Every refusal is audited with its reason.
 */
import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import { recordAuditEvent, SYSTEM_ACTOR } from '../audit/record-audit-event';
import { getPrisma } from '../db';
import { getEnv, type Env } from '../env';
import { normalizeEmail } from '../users/users';
import { rolesFromClaims, type ClaimRules } from './claim-roles';
import { groupsFrom, isConfiguredIssuer, type FederatedProviderId } from './providers';
import type { Role } from './roles';
// Used at call time only: lib/auth/session.ts imports lib/auth/options.ts, which imports this module.
import { forgetConsoleUsers } from './session';
import type { FederatedRefusal } from './sign-in-errors';
import { startSession } from './user-sessions';

export interface FederatedSignIn {
  provider: FederatedProviderId;
  /** The provider's stable id for the person (`sub`; GitHub's numeric user id). */
  subject: string;
  /** The id_token's claims (completed from userinfo), or GitHub's profile with its teams. */
  claims: Record<string, unknown>;
  clientAddress: string;
  sessionSeconds: number;
  now?: Date;
}

export interface FederatedUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

export type FederatedOutcome =
  { ok: true; user: FederatedUser; sessionId: string; signedInAt: Date } | { ok: false; error: FederatedRefusal };

/** At most this many of a refused person's group values are kept in the audit entry (Entra ID sends up to 200). */
const AUDITED_VALUES = 50;

export function claimRules(env: Env): ClaimRules {
  return {
    admin: env.OIDC_ADMIN_VALUES,
    operator: env.OIDC_OPERATOR_VALUES,
    viewer: env.OIDC_VIEWER_VALUES,
    targets: env.OIDC_TARGET_ROLES,
  };
}

export async function admitFederatedSignIn(input: FederatedSignIn, env: Env = getEnv()): Promise<FederatedOutcome> {
  const { provider, subject, claims } = input;
  const prisma = getPrisma();
  const email = typeof claims.email === 'string' && claims.email.includes('@') ? normalizeEmail(claims.email) : null;
  const refuse = async (
    error: FederatedRefusal,
    reason: string,
    account: string | null,
    detail: Record<string, Prisma.InputJsonValue> = {},
  ): Promise<FederatedOutcome> => {
    await recordAuditEvent(prisma, {
      actor: { id: null, email: 'anonymous' },
      action: 'auth.sign-in.refused',
      target: account ? `user:${account}` : `identity:${provider}:${subject.slice(0, 200)}`,
      after: { clientAddress: input.clientAddress, reason, provider, subject, email, ...detail },
    });
    return { ok: false, error };
  };

  if (provider === 'oidc' && !isConfiguredIssuer(claims.iss, env.OIDC_ISSUER))
    return refuse('WrongIssuer', 'wrong issuer', null, { issuer: String(claims.iss), expected: env.OIDC_ISSUER ?? '' });
  const existing = await prisma.user.findUnique({
    where: { identityProvider_identitySubject: { identityProvider: provider, identitySubject: subject } },
  });
  if (existing?.disabledAt) return refuse('Disabled', 'disabled account', existing.email);
  const known = existing && { id: existing.id, email: existing.email, name: existing.name, role: existing.role };
  const groups = groupsFrom(provider, claims, env.OIDC_ROLE_CLAIM);
  const roles = rolesFromClaims(groups, claimRules(env));
  if (!roles)
    return refuse('NoRole', 'no mapped group', existing?.email ?? null, { values: groups.slice(0, AUDITED_VALUES) });
  if (!existing && !email) return refuse('NoEmail', 'no e-mail claim', null);

  const name = displayName(claims, email ?? existing?.email ?? subject);
  const written = await prisma.$transaction(async (tx): Promise<{ user: FederatedUser } | { inUse: string }> => {
    let user: FederatedUser;
    if (known) {
      user = await updateFromClaims(tx, known, { email, name, role: roles.role }, provider);
    } else {
      const holder = await tx.user.findUnique({ where: { email: email! }, select: { identityProvider: true } });
      if (holder) return { inUse: holder.identityProvider ?? 'password' };
      user = await tx.user.create({
        data: { email: email!, name, role: roles.role, identityProvider: provider, identitySubject: subject },
        select: { id: true, email: true, name: true, role: true },
      });
      await recordAuditEvent(tx, {
        actor: SYSTEM_ACTOR,
        action: 'user.create',
        target: `user:${user.email}`,
        after: { email: user.email, name, role: user.role, provider, subject },
      });
    }
    await rewriteClaimTargetRoles(tx, user, roles.targetRoles, provider);
    return { user };
  });
  if ('inUse' in written)
    return refuse('EmailInUse', 'e-mail in use by another account', email, { signsInWith: written.inUse });
  // This process sees the new person and role at once; the others within their users cache's few seconds.
  forgetConsoleUsers();

  const signedInAt = input.now ?? new Date();
  const sessionId = await startSession(written.user, input.clientAddress, input.sessionSeconds, signedInAt, {
    provider,
  });
  return { ok: true, user: written.user, sessionId, signedInAt };
}

/** The role re-derived from the claims, and the name and e-mail the provider now gives; changes audited. */
async function updateFromClaims(
  tx: Prisma.TransactionClient,
  existing: FederatedUser,
  now: { email: string | null; name: string; role: Role },
  provider: FederatedProviderId,
): Promise<FederatedUser> {
  const data: { role?: Role; name?: string; email?: string } = {};
  if (now.role !== existing.role) data.role = now.role;
  if (now.name !== existing.name) data.name = now.name;
  // A changed address is taken only while no other account holds it; the person stays who they are either way.
  if (now.email && now.email !== existing.email && !(await tx.user.findUnique({ where: { email: now.email } })))
    data.email = now.email;
  if (Object.keys(data).length === 0) return existing;
  const user = await tx.user.update({
    where: { id: existing.id },
    data,
    select: { id: true, email: true, name: true, role: true },
  });
  for (const [field, action] of [
    ['role', 'user.role.from-claims'],
    ['email', 'user.email.from-claims'],
  ] as const)
    if (data[field])
      await recordAuditEvent(tx, {
        actor: SYSTEM_ACTOR,
        action,
        target: `user:${user.email}`,
        before: { [field]: existing[field] },
        after: { [field]: user[field], provider },
      });
  return user;
}

/**
 * The target roles the claims give replace the previous ones (source `claims`); the rows an admin set (source
 * `admin`) stay. lib/auth/session.ts reads both, and the lowest role per target counts.
 */
async function rewriteClaimTargetRoles(
  tx: Prisma.TransactionClient,
  user: FederatedUser,
  targetRoles: Record<string, Role>,
  provider: FederatedProviderId,
): Promise<void> {
  const previous = await tx.userTargetRole.findMany({
    where: { userId: user.id, source: 'claims' },
    select: { targetName: true, role: true },
    orderBy: { targetName: 'asc' },
  });
  await tx.userTargetRole.deleteMany({ where: { userId: user.id, source: 'claims' } });
  const entries = Object.entries(targetRoles).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length > 0)
    await tx.userTargetRole.createMany({
      data: entries.map(([targetName, role]) => ({ userId: user.id, targetName, role, source: 'claims' as const })),
    });
  const before = Object.fromEntries(previous.map((row) => [row.targetName, row.role]));
  const after = Object.fromEntries(entries);
  if (JSON.stringify(before) !== JSON.stringify(after))
    await recordAuditEvent(tx, {
      actor: SYSTEM_ACTOR,
      action: 'user.target-roles.from-claims',
      target: `user:${user.email}`,
      before: { targetRoles: before },
      after: { targetRoles: after, provider },
    });
}

function displayName(claims: Record<string, unknown>, fallback: string): string {
  for (const value of [claims.name, claims.preferred_username, claims.login])
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 200);
  return fallback;
}
