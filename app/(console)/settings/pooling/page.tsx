import { ItemReport } from '@/components/checklist/item-report';
import { requirePageRole } from '@/lib/auth/session';
import { findChecklistItem } from '@/lib/checklist/items';
import { runCheck } from '@/lib/checklist/run-checks';
import { PgBouncerTables } from '@/components/checklist/pgbouncer-tables';
import { loadPoolingReport } from '@/lib/checklist/checks/pooling';
import { getEnv } from '@/lib/env';

export const metadata = { title: 'Connection pooling · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** Connection pooling: checklist item evidence, checked live when the page opens. */
export default async function PoolingReportPage() {
  await requirePageRole('viewer');
  const item = findChecklistItem('pooling')!;
  const evidence = await runCheck(item);
  const report = await loadPoolingReport(getEnv());
  return (
    <>
      <h1>Connection pooling</h1>
      <ItemReport number={item.number} title={item.title} evidence={evidence}>
        <PgBouncerTables report={report.pgbouncer} />
      </ItemReport>
    </>
  );
}
