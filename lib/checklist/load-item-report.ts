/** What a Settings report page shows of its checklist item: the item, and its stored evidence (settled). */
import 'server-only';
import { settleSection } from '../monitoring/sections';
import { findChecklistItem, type ChecklistItemId } from './items';
import { findItemEvidence } from './run-checks';

export async function loadItemReport(itemId: ChecklistItemId) {
  const item = findChecklistItem(itemId);
  if (!item) throw new Error(`No checklist item ${itemId}.`);
  return {
    item: { number: item.number, title: item.title },
    evidence: await settleSection(() => findItemEvidence(itemId)),
  };
}
