import { ChecklistReport } from '@/components/checklist/checklist-report';
import { PgBouncerSection } from '@/components/checklist/pgbouncer-tables';
import { requirePageRole } from '@/lib/auth/session';

export const metadata = { title: 'Connection pooling · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** Connection pooling: checklist item pooling's evidence, checked live when the page opens. */
export default async function PoolingReportPage() {
  await requirePageRole('viewer');
  return (
    <ChecklistReport itemId="pooling" heading="Connection pooling">
      <PgBouncerSection />
    </ChecklistReport>
  );
}
