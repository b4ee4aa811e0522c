import { ChecklistReport } from '@/components/checklist/checklist-report';
import { loadItemReport } from '@/lib/checklist/load-item-report';
import { ReplicationSlots } from '@/components/replication/replication-slots';
import { requirePageRole } from '@/lib/auth/session';
import { loadSection } from '@/lib/monitoring/sections';
import { getReplicationSlotReport } from '@/lib/pg/replication-slots';

export const metadata = { title: 'Replication · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** Replication: checklist item replicas's evidence as last checked, and the primary's slots. */
export default async function ReplicationReportPage() {
  await requirePageRole('viewer');
  const slots = await loadSection('replication:slots', getReplicationSlotReport);
  return (
    <ChecklistReport {...await loadItemReport('replicas')} heading="Replication">
      <ReplicationSlots slots={slots} />
    </ChecklistReport>
  );
}
