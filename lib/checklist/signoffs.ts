/**
 * Sign-offs: an operator or admin signs an item off with a comment, and the evidence of that moment is stored
 * with it. Entries are append-only (a trigger refuses UPDATE and DELETE); an admin revokes with a new entry.
 * A sign-off is stale when the item's evidence has since turned to fail.
 */
import 'server-only';
import { z } from 'zod';
import type { AuditActor } from '../audit/record-audit-event';
import { recordAuditEvent } from '../audit/record-audit-event';
import { getPrisma } from '../db';
import type { ChecklistSignoff } from '../generated/prisma/client';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { parseStored } from '../pg/rows';
import { findChecklistItem, type ChecklistItem } from './items';
import { runCheck, type CheckedEvidence } from './run-checks';
import { checkedEvidenceSchema, type CheckStatus } from './types';

const signoffKindSchema = z.enum(['sign', 'revoke', 'not_needed']);
export type SignoffKind = z.output<typeof signoffKindSchema>;

export interface SignoffEntry {
  id: string;
  itemId: string;
  kind: SignoffKind;
  actorEmail: string;
  comment: string;
  evidence: CheckedEvidence;
  createdAt: string;
}

export type SignoffState =
  | { state: 'unsigned' }
  | { state: 'signed'; entry: SignoffEntry }
  | { state: 'stale'; entry: SignoffEntry; reason: string }
  | { state: 'not_needed'; entry: SignoffEntry }
  | { state: 'revoked'; entry: SignoffEntry };

/** The item's sign-off state now: its newest entry, judged against the current evidence. */
export function signoffState(
  history: readonly SignoffEntry[],
  current: { status: CheckStatus } | undefined,
): SignoffState {
  const latest = history.at(-1);
  if (!latest) return { state: 'unsigned' };
  if (latest.kind === 'revoke') return { state: 'revoked', entry: latest };
  if (latest.kind === 'not_needed') return { state: 'not_needed', entry: latest };
  if (current?.status === 'fail' && latest.evidence.status !== 'fail') {
    return {
      state: 'stale',
      entry: latest,
      reason: `Signed when the evidence was ${latest.evidence.status}; it now fails.`,
    };
  }
  return { state: 'signed', entry: latest };
}

function toEntry(row: ChecklistSignoff): SignoffEntry {
  return {
    id: row.id.toString(),
    itemId: row.itemId,
    kind: parseStored(signoffKindSchema, row.kind, `Sign-off ${row.id} of item ${row.itemId}`),
    actorEmail: row.actorEmail,
    comment: row.comment,
    evidence: parseStored(checkedEvidenceSchema, row.evidence, `Sign-off ${row.id} of item ${row.itemId}`),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listSignoffHistory(): Promise<Map<string, SignoffEntry[]>> {
  const rows = await getPrisma().checklistSignoff.findMany({ orderBy: { id: 'asc' } });
  const byItem = new Map<string, SignoffEntry[]>();
  for (const row of rows) (byItem.get(row.itemId) ?? byItem.set(row.itemId, []).get(row.itemId)!).push(toEntry(row));
  return byItem;
}

function itemOrThrow(itemId: string): ChecklistItem {
  const item = findChecklistItem(itemId);
  if (!item) throw new AppError('not_found', `"${itemId.slice(0, 40)}" is not a checklist item.`);
  return item;
}

async function append(
  actor: AuditActor,
  item: ChecklistItem,
  kind: SignoffKind,
  comment: string,
  evidence: CheckedEvidence,
): Promise<SignoffEntry> {
  return getPrisma().$transaction(async (tx) => {
    const row = await tx.checklistSignoff.create({
      data: {
        itemId: item.id,
        kind,
        actorId: actor.id,
        actorEmail: actor.email,
        comment,
        evidence: evidence as unknown as object,
      },
    });
    await recordAuditEvent(tx, {
      actor,
      action: `checklist.${kind}`,
      target: `checklist:${item.id}`,
      after: { comment, status: evidence.status },
    });
    return toEntry(row);
  });
}

/** Signs an item off with fresh evidence; failing evidence cannot be signed (fix it first). */
export async function signOff(actor: AuditActor, itemId: string, comment: string): Promise<SignoffEntry> {
  const item = itemOrThrow(itemId);
  const evidence = await runCheck(item, getEnv());
  if (evidence.status === 'fail')
    throw new AppError(
      'conflict',
      `Item ${item.number} fails right now (${evidence.summary}) — fix it before signing it off.`,
    );
  return append(actor, item, 'sign', comment, evidence);
}

/** "Not needed", with the reason: only for items the guide marks "if needed". */
export async function markNotNeeded(actor: AuditActor, itemId: string, reason: string): Promise<SignoffEntry> {
  const item = itemOrThrow(itemId);
  if (!item.mayBeNotNeeded)
    throw new AppError(
      'conflict',
      `Item ${item.number} is always needed; only "if needed" items can be marked not needed.`,
    );
  return append(actor, item, 'not_needed', reason, await runCheck(item, getEnv()));
}

/** An admin withdraws the current sign-off (or "not needed"); the history keeps both. */
export async function recordRevocation(actor: AuditActor, itemId: string, reason: string): Promise<SignoffEntry> {
  const item = itemOrThrow(itemId);
  const history = (await listSignoffHistory()).get(item.id) ?? [];
  const latest = history.at(-1);
  if (!latest || latest.kind === 'revoke')
    throw new AppError('conflict', `Item ${item.number} has no sign-off to revoke.`);
  return append(actor, item, 'revoke', reason, await runCheck(item, getEnv()));
}
