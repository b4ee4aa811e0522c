import { ItemReport } from '@/components/checklist/item-report';
import { requirePageRole } from '@/lib/auth/session';
import { findChecklistItem } from '@/lib/checklist/items';
import { runCheck } from '@/lib/checklist/run-checks';

export const metadata = { title: 'SSL/TLS · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** SSL/TLS: checklist item evidence, checked live when the page opens. */
export default async function SslReportPage() {
  await requirePageRole('viewer');
  const item = findChecklistItem('ssl')!;
  const evidence = await runCheck(item);
  return (
    <>
      <h1>SSL/TLS</h1>
      <ItemReport number={item.number} title={item.title} evidence={evidence} />
    </>
  );
}
