// Not 'server-only': scripts/ loads it too (tsx, outside Next.js), where that import throws.
/**
 * The console's users. Every change writes an audit event in the same transaction. Functions take the Prisma
 * client as a parameter so the start script (outside Next) and the server actions share them.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { hashPassword } from '../auth/password';
import type { Role } from '../auth/roles';
import { AppError } from '../errors';

export interface UserSummary {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
}

const summarySelect = { id: true, email: true, name: true, role: true, disabledAt: true, createdAt: true } as const;

function toSummary(user: {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
  createdAt: Date;
}): UserSummary {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt,
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function listUsers(prisma: PrismaClient): Promise<UserSummary[]> {
  const users = await prisma.user.findMany({ select: summarySelect, orderBy: { email: 'asc' } });
  return users.map(toSummary);
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export async function insertUser(prisma: PrismaClient, actor: AuditActor, input: NewUser): Promise<UserSummary> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email } })) {
      throw new AppError('conflict', `A user with the e-mail ${email} already exists.`);
    }
    const user = await tx.user.create({
      data: { email, name: input.name, role: input.role, passwordHash },
      select: summarySelect,
    });
    await recordAuditEvent(tx, {
      actor,
      action: 'user.create',
      target: `user:${email}`,
      after: { email, name: input.name, role: input.role },
    });
    return toSummary(user);
  });
}

/** Refuses a change that would leave the console without an enabled admin. */
async function assertAnotherAdminRemains(tx: Pick<PrismaClient, 'user'>, userId: number): Promise<void> {
  const others = await tx.user.count({ where: { role: 'admin', disabledAt: null, id: { not: userId } } });
  if (others === 0) throw new AppError('conflict', 'This is the last enabled admin; make another admin first.');
}

export async function writeUserRole(
  prisma: PrismaClient,
  actor: AuditActor,
  userId: number,
  role: Role,
): Promise<UserSummary> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: summarySelect });
    if (!before) throw new AppError('not_found', 'No such user.');
    if (before.role === 'admin' && role !== 'admin') await assertAnotherAdminRemains(tx, userId);
    const after = await tx.user.update({ where: { id: userId }, data: { role }, select: summarySelect });
    await recordAuditEvent(tx, {
      actor,
      action: 'user.role.update',
      target: `user:${before.email}`,
      before: { role: before.role },
      after: { role },
    });
    return toSummary(after);
  });
}

export async function writeUserDisabled(
  prisma: PrismaClient,
  actor: AuditActor,
  userId: number,
  disabled: boolean,
): Promise<UserSummary> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: summarySelect });
    if (!before) throw new AppError('not_found', 'No such user.');
    if (disabled && before.role === 'admin') await assertAnotherAdminRemains(tx, userId);
    const after = await tx.user.update({
      where: { id: userId },
      data: { disabledAt: disabled ? new Date() : null },
      select: summarySelect,
    });
    await recordAuditEvent(tx, {
      actor,
      action: disabled ? 'user.disable' : 'user.enable',
      target: `user:${before.email}`,
      before: { disabled: before.disabledAt !== null },
      after: { disabled },
    });
    return toSummary(after);
  });
}

export type EnsureAdminOutcome = 'created' | 'password_reset' | 'unchanged';

/**
 * Start-up: makes sure `email` is an enabled admin with `password` (ADMIN_EMAIL / ADMIN_PASSWORD). Creates it,
 * or resets its password, role and enabled state; each change is audited as the system.
 */
export async function ensureAdmin(
  prisma: PrismaClient,
  actor: AuditActor,
  email: string,
  password: string,
): Promise<EnsureAdminOutcome> {
  const normalized = normalizeEmail(email);
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: normalized } });
    if (!existing) {
      await tx.user.create({ data: { email: normalized, name: 'Administrator', role: 'admin', passwordHash } });
      await recordAuditEvent(tx, {
        actor,
        action: 'user.create',
        target: `user:${normalized}`,
        after: { email: normalized, role: 'admin' },
      });
      return 'created';
    }
    await tx.user.update({ where: { id: existing.id }, data: { passwordHash, role: 'admin', disabledAt: null } });
    await recordAuditEvent(tx, {
      actor,
      action: 'user.password.reset',
      target: `user:${normalized}`,
      before: { role: existing.role, disabled: existing.disabledAt !== null },
      after: { role: 'admin', disabled: false },
    });
    return 'password_reset';
  });
}

export async function countAdmins(prisma: PrismaClient): Promise<number> {
  return prisma.user.count({ where: { role: 'admin' } });
}
