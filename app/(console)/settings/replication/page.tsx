import { ChecklistReport } from '@/components/checklist/checklist-report';
import { requirePageRole } from '@/lib/auth/session';

export const metadata = { title: 'Replication · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** Replication: checklist item replicas's evidence, checked live when the page opens. */
export default async function ReplicationReportPage() {
  await requirePageRole('viewer');
  return <ChecklistReport itemId="replicas" heading="Replication" />;
}
