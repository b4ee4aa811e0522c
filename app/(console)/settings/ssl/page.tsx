import { ChecklistReport } from '@/components/checklist/checklist-report';
import { requirePageRole } from '@/lib/auth/session';

export const metadata = { title: 'SSL/TLS · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** SSL/TLS: checklist item ssl's evidence, checked live when the page opens. */
export default async function SslReportPage() {
  await requirePageRole('viewer');
  return <ChecklistReport itemId="ssl" heading="SSL/TLS" />;
}
