/**
 * Targets admins add in the console: the connection string is checked, sealed with TARGETS_SECRET_KEY and stored;
 * only its password-free form is ever shown again. Every change is audited in the same transaction.
 */
import 'server-only';
import { ConnectionStringError, describeServer, parseConnectionString } from '../config/connection-string';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { forgetTargetRegistry, listTargets } from './registry';
import { sealSecret } from './secret-box';
import { targetNameProblem } from './target-list';
import { MAX_TAGS, tagProblem } from './target-tags';

export interface ManagedTargetView {
  id: number;
  name: string;
  display: string;
  tags: string[];
  createdBy: string;
  createdAt: string;
}

const viewOf = (row: {
  id: number;
  name: string;
  display: string;
  tags: string[];
  createdBy: string;
  createdAt: Date;
}) => ({
  id: row.id,
  name: row.name,
  display: row.display,
  tags: row.tags,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
});

export async function listManagedTargets(): Promise<ManagedTargetView[]> {
  const rows = await getPrisma().monitoredTarget.findMany({ orderBy: { name: 'asc' } });
  return rows.map(viewOf);
}

/** user@host:port/database — what a page may show of a connection. */
function displayOf(url: string): string {
  const connection = parseConnectionString(url);
  return `${connection.user}@${describeServer(connection)}`;
}

/** Throws invalid_input naming the first tag that cannot be one, or too many of them. */
function checkTags(tags: readonly string[]): void {
  const issue =
    tags.map(tagProblem).find(Boolean) ??
    (tags.length > MAX_TAGS ? `a target may have at most ${MAX_TAGS} tags` : null);
  if (issue) throw new AppError('invalid_input', `${issue.charAt(0).toUpperCase()}${issue.slice(1)}.`);
}

export async function addManagedTarget(
  actor: AuditActor,
  name: string,
  url: string,
  tags: readonly string[] = [],
): Promise<ManagedTargetView> {
  const key = getEnv().TARGETS_SECRET_KEY;
  if (!key)
    throw new AppError(
      'disabled',
      'Set TARGETS_SECRET_KEY (32 or more characters) to add targets in the console; connection strings are stored encrypted with it.',
    );
  const problem = targetNameProblem(name);
  if (problem) throw new AppError('invalid_input', `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`);
  checkTags(tags);
  let display: string;
  try {
    display = displayOf(url);
  } catch (error) {
    if (error instanceof ConnectionStringError)
      throw new AppError('invalid_input', `The connection string is not valid: ${error.detail}`);
    throw error;
  }
  // The environment's and other console targets; a name added meanwhile elsewhere is caught by the unique index.
  if ((await listTargets()).some((target) => target.name === name))
    throw new AppError('conflict', `A target named "${name}" already exists.`);
  const row = await getPrisma()
    .$transaction(async (tx) => {
      const created = await tx.monitoredTarget.create({
        data: { name, encryptedUrl: sealSecret(url, key, name), display, tags: [...tags], createdBy: actor.email },
      });
      await recordAuditEvent(tx, {
        actor,
        action: 'target.add',
        target: `target:${name}`,
        after: { name, server: display, tags: [...tags] },
      });
      return created;
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === 'P2002')
        throw new AppError('conflict', `A target named "${name}" already exists.`);
      throw error;
    });
  forgetTargetRegistry();
  return viewOf(row);
}

/** Replaces the tags of a console-added target (the environment's come from TARGET_TAGS), audited with both lists. */
export async function setManagedTargetTags(
  actor: AuditActor,
  id: number,
  tags: readonly string[],
): Promise<ManagedTargetView> {
  checkTags(tags);
  const row = await getPrisma().$transaction(async (tx) => {
    const before = await tx.monitoredTarget.findUnique({ where: { id } });
    if (!before) throw new AppError('not_found', 'That target was removed meanwhile.');
    const updated = await tx.monitoredTarget.update({ where: { id }, data: { tags: [...tags] } });
    await recordAuditEvent(tx, {
      actor,
      action: 'target.tags',
      target: `target:${before.name}`,
      before: { tags: before.tags },
      after: { tags: updated.tags },
    });
    return updated;
  });
  forgetTargetRegistry();
  return viewOf(row);
}

export async function removeManagedTarget(actor: AuditActor, id: number): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    const row = await tx.monitoredTarget.findUnique({ where: { id } });
    if (!row) throw new AppError('not_found', 'That target was already removed.');
    await tx.monitoredTarget.delete({ where: { id } });
    await recordAuditEvent(tx, {
      actor,
      action: 'target.remove',
      target: `target:${row.name}`,
      before: { name: row.name, server: row.display, tags: row.tags },
    });
  });
  forgetTargetRegistry();
}
