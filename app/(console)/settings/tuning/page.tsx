import { ChecklistReport } from '@/components/checklist/checklist-report';
import { TuningAdvisorSection } from '@/components/checklist/tuning-table';
import { requirePageRole } from '@/lib/auth/session';

export const metadata = { title: 'Performance tuning · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** Performance tuning: checklist item tuning's evidence, checked live when the page opens. */
export default async function TuningReportPage() {
  await requirePageRole('viewer');
  return (
    <ChecklistReport itemId="tuning" heading="Performance tuning" showFacts={false}>
      <TuningAdvisorSection />
    </ChecklistReport>
  );
}
