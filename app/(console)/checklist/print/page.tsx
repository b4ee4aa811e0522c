import { ChecklistItemCard } from '@/components/checklist/checklist-item';
import { requirePageRole } from '@/lib/auth/session';
import { loadChecklist } from '@/lib/checklist/view';
import { getDatabaseConnection } from '@/lib/env';

export const metadata = { title: 'Production checklist (print) · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** The checklist for paper or PDF: every item with evidence and history expanded, no controls. */
export default async function ChecklistPrintPage() {
  await requirePageRole('viewer');
  const view = await loadChecklist();
  return (
    <div className="print-view">
      <h1>Production checklist — {getDatabaseConnection().database}</h1>
      <p>
        Printed {new Date().toISOString()}. {view.signed} of {view.items.length} items signed off; {view.stale} stale.
      </p>
      {view.items.map((item) => (
        <ChecklistItemCard key={item.id} item={item} expanded />
      ))}
    </div>
  );
}
