// Not 'server-only': scripts/ loads it too (tsx, outside Next.js), where that import throws.
/**
 * Writes one entry to the append-only audit log. Called inside the same transaction as the change it records,
 * so a change and its audit entry are committed together or not at all.
 */
import type { Prisma } from '../generated/prisma/client';

export interface AuditActor {
  id: number | null;
  email: string;
}

/** The actor for changes the console makes on its own (start-up, schedules). */
export const SYSTEM_ACTOR: AuditActor = { id: null, email: 'system' };

export interface AuditEntry {
  actor: AuditActor;
  /** verb.noun, e.g. "user.create", "user.role.update". */
  action: string;
  /** What was acted on, e.g. "user:alice@example.com". */
  target: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
}

export async function recordAuditEvent(tx: Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: entry.actor.id,
      actorEmail: entry.actor.email,
      action: entry.action,
      target: entry.target,
      before: entry.before,
      after: entry.after,
    },
  });
}
