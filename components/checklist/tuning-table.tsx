import type { ServerResources, TuningAdvice } from '@/lib/checklist/tuning';
import { formatBytes } from '@/lib/format';
import { DataTable } from '../ui/data-table';
import { StatusBadge } from './status-badge';

/** The tuning advisor: each setting the guide tunes, its value now, the recommendation for this server, and why. */
export function TuningTable({ resources, advice }: { resources: ServerResources; advice: TuningAdvice[] }) {
  return (
    <section className="card report-section" aria-labelledby="advisor-heading">
      <h2 id="advisor-heading">Tuning advisor</h2>
      <p className="stat-detail">
        For {formatBytes(resources.memoryBytes)} of memory, {resources.cpus} CPUs and {resources.storage.toUpperCase()}{' '}
        storage ({resources.source}). Set DB_SERVER_MEMORY_MB, DB_SERVER_CPUS and DB_SERVER_STORAGE to describe the
        server for the checklist, or try other figures below.
      </p>
      <DataTable
        testId="tuning-advice"
        rows={advice}
        rowKey={(a) => a.name}
        columns={[
          { header: 'Setting', cell: (a) => <code>{a.name}</code> },
          { header: 'Current', cell: (a) => a.current },
          { header: 'Recommended', cell: (a) => a.recommended },
          { header: 'Verdict', cell: (a) => <StatusBadge status={a.status} /> },
          { header: 'Why', cell: (a) => a.why },
        ]}
      />
    </section>
  );
}
