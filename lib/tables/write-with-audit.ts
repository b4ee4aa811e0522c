/**
 * A write to the six application tables together with its audit entry. While the console's data shares the
 * primary's database they commit in one transaction, all or nothing. With CONSOLE_DATABASE_URL they live in two
 * databases, which share no transaction: the change commits on the primary first, then its entry is written to
 * the console database; if that fails the user is told the change was made but not recorded, and the log keeps
 * what the entry would have said.
 */
import 'server-only';
import { recordAuditEvent, type AuditEntry } from '../audit/record-audit-event';
import { getPrimaryPrisma, getPrisma } from '../db';
import { hasSeparateConsoleDatabase } from '../env';
import { AppError, errorMessage, redactSecrets } from '../errors';
import type { Prisma } from '../generated/prisma/client';

export async function writeWithAudit<T>(
  change: (tx: Prisma.TransactionClient) => Promise<{ result: T; audit: AuditEntry }>,
): Promise<T> {
  if (!hasSeparateConsoleDatabase()) {
    return getPrisma().$transaction(async (tx) => {
      const { result, audit } = await change(tx);
      await recordAuditEvent(tx, audit);
      return result;
    });
  }
  const { result, audit } = await getPrimaryPrisma().$transaction(change);
  try {
    await recordAuditEvent(getPrisma(), audit);
  } catch (error) {
    console.error(
      `audit entry not recorded (${audit.action} ${audit.target} by ${audit.actor.email}): ${redactSecrets(errorMessage(error))}`,
    );
    throw new AppError(
      'query_failed',
      `The change to ${audit.target} was made, but the console database could not record it in the audit log.`,
      { cause: error },
    );
  }
  return result;
}
