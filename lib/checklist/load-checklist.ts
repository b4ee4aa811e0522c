/** The checklist as the page and the exports show it: each item, its newest evidence, sign-off state and history. */
import 'server-only';
import { CHECKLIST_ITEMS, type ChecklistItemId } from './items';
import { listStoredEvidence, runCheck, type CheckedEvidence } from './run-checks';
import { listSignoffHistory, signoffState, type SignoffEntry, type SignoffState } from './signoffs';
import type { CheckStatus } from './types';

export interface ChecklistItemView {
  id: ChecklistItemId;
  number: number;
  title: string;
  reportHref: string | null;
  mayBeNotNeeded: boolean;
  evidence: CheckedEvidence;
  /** The evidence's status, or not applicable when the item was stated not needed. */
  effectiveStatus: CheckStatus;
  signoff: SignoffState;
  history: SignoffEntry[];
}

export interface ChecklistView {
  items: ChecklistItemView[];
  counts: Record<CheckStatus, number>;
  signed: number;
  stale: number;
}

/** Items never checked yet are checked now; the rest show their stored evidence (re-checked on schedule). */
export async function loadChecklist(): Promise<ChecklistView> {
  const [stored, histories] = await Promise.all([listStoredEvidence(), listSignoffHistory()]);
  const items: ChecklistItemView[] = [];
  for (const item of CHECKLIST_ITEMS) {
    const evidence = stored.get(item.id) ?? (await runCheck(item));
    const history = histories.get(item.id) ?? [];
    const signoff = signoffState(history, evidence);
    items.push({
      id: item.id,
      number: item.number,
      title: item.title,
      reportHref: item.reportHref ?? null,
      mayBeNotNeeded: Boolean(item.mayBeNotNeeded),
      evidence,
      effectiveStatus: signoff.state === 'not_needed' ? 'not_applicable' : evidence.status,
      signoff,
      history,
    });
  }
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, not_applicable: 0, manual: 0 };
  for (const item of items) counts[item.effectiveStatus]++;
  return {
    items,
    counts,
    signed: items.filter((item) => item.signoff.state === 'signed' || item.signoff.state === 'not_needed').length,
    stale: items.filter((item) => item.signoff.state === 'stale').length,
  };
}
