import { ItemReport } from '@/components/checklist/item-report';
import { requirePageRole } from '@/lib/auth/session';
import { findChecklistItem } from '@/lib/checklist/items';
import { runCheck } from '@/lib/checklist/run-checks';
import { TuningTable } from '@/components/checklist/tuning-table';
import { loadTuningAdvice } from '@/lib/checklist/checks/tuning';
import { getEnv } from '@/lib/env';

export const metadata = { title: 'Performance tuning · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** Performance tuning: checklist item evidence, checked live when the page opens. */
export default async function TuningReportPage() {
  await requirePageRole('viewer');
  const item = findChecklistItem('tuning')!;
  const evidence = await runCheck(item);
  const { resources, advice } = await loadTuningAdvice(getEnv());
  return (
    <>
      <h1>Performance tuning</h1>
      <ItemReport number={item.number} title={item.title} evidence={evidence}>
        <TuningTable resources={resources} advice={advice} />
      </ItemReport>
    </>
  );
}
