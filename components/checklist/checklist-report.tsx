import type { ReactNode } from 'react';
import { findChecklistItem, type ChecklistItemId } from '@/lib/checklist/items';
import { runCheck } from '@/lib/checklist/run-checks';
import { ItemReport } from './item-report';

/** A Settings report page's body: the item checked live now, then any detail the page adds below. */
export async function ChecklistReport({ itemId, heading, children }: { itemId: ChecklistItemId; heading: string; children?: ReactNode }) {
  const item = findChecklistItem(itemId)!;
  const evidence = await runCheck(item);
  return (
    <>
      <h1>{heading}</h1>
      <ItemReport number={item.number} title={item.title} evidence={evidence}>
        {children}
      </ItemReport>
    </>
  );
}
