/**
 * The rows that narrow a user's role on a target (console.user_target_role): read for the Users page, and the rows an
 * admin sets there. Rows from the identity provider's claims are rewritten at each sign-in
 * (lib/auth/federated-sign-in.ts) and only shown here. How the rows are enforced: lib/auth/target-roles.ts.
 */
import 'server-only';
import { z } from 'zod';
import type { PrismaClient } from '../generated/prisma/client';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { ROLES, type Role } from '../auth/roles';
import { AppError } from '../errors';
import { parseRows, text } from '../pg/rows';

export interface TargetRoleRow {
  targetName: string;
  /** `claims`: from the identity provider, read-only here; `admin`: set on the Users page. */
  source: 'claims' | 'admin';
  role: Role;
}

const lockedUserRow = z.object({ email: text, role: z.enum(ROLES) });

const rowSelect = { targetName: true, source: true, role: true } as const;

/** Every user's rows, by user id, each user's ordered by target then source. */
export async function listTargetRolesByUser(prisma: PrismaClient): Promise<Map<number, TargetRoleRow[]>> {
  const rows = await prisma.userTargetRole.findMany({
    select: { userId: true, ...rowSelect },
    orderBy: [{ userId: 'asc' }, { targetName: 'asc' }, { source: 'asc' }],
  });
  const byUser = new Map<number, TargetRoleRow[]>();
  for (const { userId, ...row } of rows) byUser.set(userId, [...(byUser.get(userId) ?? []), row]);
  return byUser;
}

/**
 * Why `role` cannot narrow a user whose role is `userRole`, or null when it can: a row only narrows (the lowest role
 * counts, lib/auth/target-roles.ts), so one at or above the user's role would say something that is not so.
 */
export function narrowingProblem(email: string, userRole: Role, role: Role): string | null {
  if (ROLES.indexOf(role) < ROLES.indexOf(userRole)) return null;
  if (userRole === 'viewer') return `${email} is a viewer, the lowest role: there is nothing to narrow.`;
  const below = ROLES.slice(0, ROLES.indexOf(userRole)).join(' or ');
  return `${email} is ${userRole} everywhere; a role on a target can only narrow that: choose ${below}, or clear it.`;
}

/**
 * Sets (role) or clears (null) the admin's row for one user and target, audited as `user.target-role.update` with the
 * role there before and after, in one transaction. Clearing what is not set, or setting what is, changes nothing and
 * records nothing. Returns the user's rows afterwards.
 */
export async function writeTargetRole(
  prisma: PrismaClient,
  actor: AuditActor,
  userId: number,
  targetName: string,
  role: Role | null,
): Promise<TargetRoleRow[]> {
  return prisma.$transaction(async (tx) => {
    // FOR UPDATE: two admins narrowing one user at once each see the other's row in `before`.
    const [user] = parseRows(
      lockedUserRow,
      await tx.$queryRaw`SELECT email, role::text AS role FROM console.users WHERE id = ${userId} FOR UPDATE`,
    );
    if (!user) throw new AppError('not_found', 'No such user.');
    if (role !== null) {
      const problem = narrowingProblem(user.email, user.role, role);
      if (problem) throw new AppError('conflict', problem);
    }
    const key = { userId_targetName_source: { userId, targetName, source: 'admin' as const } };
    const before = await tx.userTargetRole.findUnique({ where: key, select: { role: true } });
    if ((before?.role ?? null) !== role) {
      if (role === null) await tx.userTargetRole.delete({ where: key });
      else
        await tx.userTargetRole.upsert({
          where: key,
          create: { userId, targetName, source: 'admin', role },
          update: { role },
        });
      await recordAuditEvent(tx, {
        actor,
        action: 'user.target-role.update',
        target: `user:${user.email}`,
        before: { target: targetName, role: before?.role ?? null },
        after: { target: targetName, role },
      });
    }
    return tx.userTargetRole.findMany({
      where: { userId },
      select: rowSelect,
      orderBy: [{ targetName: 'asc' }, { source: 'asc' }],
    });
  });
}
