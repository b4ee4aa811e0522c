import type { ReactNode } from 'react';
import { findChecklistItem, type ChecklistItemId } from '@/lib/checklist/items';
import { runCheck } from '@/lib/checklist/run-checks';
import { PrimaryOnlyNote } from '../targets/primary-only-note';
import { ItemReport } from './item-report';

/** A Settings report page's body: the item checked live now, then any detail the page adds below. */
/** `showFacts={false}` when the page's own detail shows the same facts more fully (the tuning advisor). */
export async function ChecklistReport({ itemId, heading, showFacts = true, children }: { itemId: ChecklistItemId; heading: string; showFacts?: boolean; children?: ReactNode }) {
  const item = findChecklistItem(itemId)!;
  const evidence = await runCheck(item);
  return (
    <>
      <h1>{heading}</h1>
      <PrimaryOnlyNote what="Checked on" />
      <ItemReport number={item.number} title={item.title} evidence={evidence} showFacts={showFacts}>
        {children}
      </ItemReport>
    </>
  );
}
