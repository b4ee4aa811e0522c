import { ItemReport } from '@/components/checklist/item-report';
import { requirePageRole } from '@/lib/auth/session';
import { findChecklistItem } from '@/lib/checklist/items';
import { runCheck } from '@/lib/checklist/run-checks';

export const metadata = { title: 'Replication · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** Replication: checklist item evidence, checked live when the page opens. */
export default async function ReplicationReportPage() {
  await requirePageRole('viewer');
  const item = findChecklistItem('replicas')!;
  const evidence = await runCheck(item);
  return (
    <>
      <h1>Replication</h1>
      <ItemReport number={item.number} title={item.title} evidence={evidence} />
    </>
  );
}
