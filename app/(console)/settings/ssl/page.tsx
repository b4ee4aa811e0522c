import { ChecklistReport } from '@/components/checklist/checklist-report';
import { loadItemReport } from '@/lib/checklist/load-item-report';
import { requirePageRole } from '@/lib/auth/session';

export const metadata = { title: 'SSL/TLS · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** SSL/TLS: checklist item ssl's evidence as last checked. */
export default async function SslReportPage() {
  await requirePageRole('viewer');
  return <ChecklistReport {...await loadItemReport('ssl')} heading="SSL/TLS" />;
}
