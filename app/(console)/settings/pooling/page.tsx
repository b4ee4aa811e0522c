import { ChecklistReport } from '@/components/checklist/checklist-report';
import { loadItemReport } from '@/lib/checklist/load-item-report';
import { PgBouncerTables } from '@/components/checklist/pgbouncer-tables';
import { SectionFailure } from '@/components/reports/section-failure';
import { requirePageRole } from '@/lib/auth/session';
import { loadPoolingReport } from '@/lib/checklist/checks/pooling';
import { getEnv } from '@/lib/env';
import { loadSection } from '@/lib/monitoring/sections';

export const metadata = { title: 'Connection pooling · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** Connection pooling: checklist item pooling's evidence as last checked, and PgBouncer's own tables. */
export default async function PoolingReportPage() {
  await requirePageRole('viewer');
  // Shared for a few seconds: however many people open the page, PgBouncer's admin console is asked once.
  const [itemReport, report] = await Promise.all([
    loadItemReport('pooling'),
    loadSection('pooling:pgbouncer', () => loadPoolingReport(getEnv())),
  ]);
  return (
    <ChecklistReport {...itemReport} heading="Connection pooling">
      {report.ok ? <PgBouncerTables report={report.data.pgbouncer} /> : <SectionFailure failure={report} />}
    </ChecklistReport>
  );
}
