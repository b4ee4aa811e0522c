import { ChecklistItemCard } from '@/components/checklist/checklist-item';
import { SectionFailure } from '@/components/reports/section-failure';
import { requirePageRole } from '@/lib/auth/session';
import { loadChecklist } from '@/lib/checklist/load-checklist';
import { getDatabaseConnection } from '@/lib/env';
import { settleSection } from '@/lib/monitoring/sections';

export const metadata = { title: 'Production checklist (print) · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** The checklist for paper or PDF: every item with evidence and history expanded, no controls. */
export default async function ChecklistPrintPage() {
  await requirePageRole('viewer');
  const loaded = await settleSection(loadChecklist);
  if (!loaded.ok) {
    return (
      <div className="print-view">
        <h1>Production checklist — {getDatabaseConnection().database}</h1>
        <SectionFailure failure={loaded} />
      </div>
    );
  }
  const view = loaded.data;
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
