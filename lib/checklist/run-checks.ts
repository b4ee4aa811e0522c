/**
 * Runs checklist items and keeps the newest evidence of each in console.checklist_evidence. Items run one after
 * another: the checklist never adds more than one monitoring query at a time to the watched server.
 */
import 'server-only';
import { getPrisma } from '../db';
import { getEnv, type Env } from '../env';
import { errorMessage } from '../errors';
import { toAppError } from '../pg/sqlstate';
import { isStoreUnavailable } from '../store/last-known';
import { CHECKLIST_ITEMS, type ChecklistItem } from './items';
import { checkedEvidenceSchema, type Evidence } from './types';

export interface CheckedEvidence extends Evidence {
  checkedAt: string;
}

/** A check that cannot run says so as a warning: "could not be checked" is neither a pass nor a proven failure. */
async function evaluate(item: ChecklistItem, env: Env): Promise<Evidence> {
  try {
    return await item.check(env);
  } catch (error) {
    const message = toAppError(error).userMessage || errorMessage(error);
    return { status: 'warn', summary: `Could not be checked: ${message}`, facts: [] };
  }
}

/**
 * Checks an item and keeps its evidence. While the console database cannot be reached the check's own answer is
 * still worth showing (a Settings report checks live): it is returned, just not kept.
 */
export async function runCheck(item: ChecklistItem, env: Env = getEnv()): Promise<CheckedEvidence> {
  const evidence = await evaluate(item, env);
  const checkedAt = new Date();
  await getPrisma()
    .checklistEvidence.upsert({
      where: { itemId: item.id },
      create: {
        itemId: item.id,
        status: evidence.status,
        summary: evidence.summary,
        facts: evidence.facts as object[],
        checkedAt,
      },
      update: { status: evidence.status, summary: evidence.summary, facts: evidence.facts as object[], checkedAt },
    })
    .catch((error: unknown) => {
      if (!isStoreUnavailable(error)) throw error;
    });
  return { ...evidence, checkedAt: checkedAt.toISOString() };
}

export async function runAllChecks(env: Env = getEnv()): Promise<Map<string, CheckedEvidence>> {
  const results = new Map<string, CheckedEvidence>();
  for (const item of CHECKLIST_ITEMS) results.set(item.id, await runCheck(item, env));
  return results;
}

/**
 * The newest evidence of each item. A row that does not parse (written by an older console, or edited by hand) is
 * left out, so the item is checked afresh rather than shown wrong.
 */
export async function listStoredEvidence(): Promise<Map<string, CheckedEvidence>> {
  const rows = await getPrisma().checklistEvidence.findMany();
  const stored = new Map<string, CheckedEvidence>();
  for (const row of rows) {
    const parsed = checkedEvidenceSchema.safeParse({
      status: row.status,
      summary: row.summary,
      facts: row.facts,
      checkedAt: row.checkedAt.toISOString(),
    });
    if (parsed.success) stored.set(row.itemId, parsed.data);
  }
  return stored;
}

/** One item's newest stored evidence, or null before its first check (a Settings report page shows it). */
export async function findItemEvidence(itemId: string): Promise<CheckedEvidence | null> {
  return (await listStoredEvidence()).get(itemId) ?? null;
}
