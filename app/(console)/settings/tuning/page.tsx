import { z } from 'zod';
import { ChecklistReport } from '@/components/checklist/checklist-report';
import { loadItemReport } from '@/lib/checklist/load-item-report';
import { TuningTable } from '@/components/checklist/tuning-table';
import { SectionFailure } from '@/components/reports/section-failure';
import { requirePageRole } from '@/lib/auth/session';
import { loadTuningAdvice } from '@/lib/checklist/checks/tuning';
import type { ServerResources } from '@/lib/checklist/tuning';
import { getEnv } from '@/lib/env';
import { settleSection } from '@/lib/monitoring/sections';

export const metadata = { title: 'Performance tuning · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** Figures to try in the advisor, from the URL; the checklist item always uses the configured ones. */
const triedSchema = z.object({
  memory_gb: z.coerce
    .number('Memory must be a number of GB.')
    .min(0.5, 'Memory must be at least 0.5 GB.')
    .max(16384, 'Memory must be at most 16384 GB.'),
  cpus: z.coerce
    .number('CPUs must be a number.')
    .int('CPUs must be a whole number.')
    .min(1, 'At least 1 CPU.')
    .max(1024, 'At most 1024 CPUs.'),
  storage: z.enum(['ssd', 'hdd'], 'Storage must be ssd or hdd.'),
});

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TuningReportPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePageRole('viewer');
  const params = await searchParams;
  const trying = params.memory_gb !== undefined;
  const parsed = trying ? triedSchema.safeParse(params) : null;
  const tried: ServerResources | undefined = parsed?.success
    ? {
        memoryBytes: parsed.data.memory_gb * 1024 ** 3,
        cpus: parsed.data.cpus,
        storage: parsed.data.storage,
        source: 'figures tried on this page',
      }
    : undefined;
  // Settled: it reads pg_settings, so with the primary down this part says why instead of failing the page.
  const advisor = await settleSection(() => loadTuningAdvice(getEnv(), tried));
  return (
    <ChecklistReport {...await loadItemReport('tuning')} heading="Performance tuning" showFacts={false}>
      <form className="card report-section toolbar" method="get" aria-label="Try other server figures">
        <label>
          Memory (GB)
          <input
            name="memory_gb"
            type="number"
            step="0.5"
            min={0.5}
            defaultValue={typeof params.memory_gb === 'string' ? params.memory_gb : ''}
            required
          />
        </label>
        <label>
          CPUs
          <input
            name="cpus"
            type="number"
            min={1}
            defaultValue={typeof params.cpus === 'string' ? params.cpus : '4'}
            required
          />
        </label>
        <label>
          Storage
          <select name="storage" defaultValue={params.storage === 'hdd' ? 'hdd' : 'ssd'}>
            <option value="ssd">SSD</option>
            <option value="hdd">Spinning disks</option>
          </select>
        </label>
        <button type="submit">Advise for these figures</button>
        {parsed && !parsed.success && (
          <span role="alert" className="field-error">
            {parsed.error.issues.map((issue) => issue.message).join(' ')} Showing the configured server instead.
          </span>
        )}
      </form>
      {advisor.ok ? (
        <TuningTable resources={advisor.data.resources} advice={advisor.data.advice} />
      ) : (
        <SectionFailure failure={advisor} />
      )}
    </ChecklistReport>
  );
}
