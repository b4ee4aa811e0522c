import { ChecklistReport } from '@/components/checklist/checklist-report';
import { PgBouncerTables } from '@/components/checklist/pgbouncer-tables';
import { SectionFailure } from '@/components/reports/section-failure';
import { requirePageRole } from '@/lib/auth/session';
import { loadPoolingReport } from '@/lib/checklist/checks/pooling';
import { getEnv } from '@/lib/env';
import { settleSection } from '@/lib/monitoring/sections';

export const metadata = { title: 'Connection pooling · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** Connection pooling: checklist item pooling's evidence, checked live when the page opens, and PgBouncer's own tables. */
export default async function PoolingReportPage() {
  await requirePageRole('viewer');
  // Settled: with the primary down the item says it could not be checked, and this part says why.
  const report = await settleSection(() => loadPoolingReport(getEnv()));
  return (
    <ChecklistReport itemId="pooling" heading="Connection pooling">
      {report.ok ? <PgBouncerTables report={report.data.pgbouncer} /> : <SectionFailure failure={report} />}
    </ChecklistReport>
  );
}
