import { SectionFailure } from '@/components/reports/section-failure';
import { DataTable } from '@/components/ui/data-table';
import type { Section } from '@/lib/monitoring/sections';
import type { SamplerHealthRow } from '@/lib/sampler/process-health-rows';
import { describeStoreOutage, type StoreOutage } from '@/lib/store/describe-outage';

const PROCESS_STATE = {
  gone: 'gone',
  ok: 'keeping up',
  warn: 'near its limits',
  bad: 'falling behind',
  unknown: 'figures unreadable',
} as const;

/**
 * One row per console process that samples: how its last round went. A process leaving targets not sampled is the
 * console's own bottleneck, shown here rather than as those targets being down. Renders on the server.
 */
export function SamplerHealthPanel({
  section,
  outage,
  intervalSeconds,
  now,
}: {
  section: Section<SamplerHealthRow[]>;
  /** The console store's outage, when that is why the figures cannot be read. */
  outage: Pick<StoreOutage, 'since' | 'error'> | null;
  intervalSeconds: number;
  now: Date;
}) {
  return (
    <section className="card report-section" aria-labelledby="sampler-health-heading" data-testid="sampler-health">
      <h2 id="sampler-health-heading">Sampling processes</h2>
      <p className="stat-detail">
        Every console process samples its share of the targets each {intervalSeconds} s and writes how its round went.
        Targets a process could not sample in time are shown as not sampled, never down; a process not seen for two
        intervals is gone, and the others take its targets over.
      </p>
      {!section.ok ? (
        outage ? (
          <p className="notice error" role="alert">
            {describeStoreOutage(outage, now)}: the sampling processes&apos; figures are kept there, so they cannot be
            shown until it answers ({outage.error}).
          </p>
        ) : (
          <SectionFailure failure={section} />
        )
      ) : section.data.length === 0 ? (
        <p className="stat-detail">
          No console process has recorded a sampling round yet: the sampler starts with the console and writes after its
          first round.
        </p>
      ) : (
        <DataTable
          testId="sampler-processes"
          rows={section.data}
          rowKey={(row) => row.memberId}
          rowProps={(row) => ({ 'data-status': row.status, 'data-gone': String(row.gone) })}
          columns={[
            {
              header: 'Process',
              cell: (row) => (
                <>
                  <strong>
                    {row.host} · pid {row.pid}
                  </strong>
                  {row.isThisProcess && <div className="stat-detail">this process</div>}
                </>
              ),
            },
            {
              header: 'State',
              tone: (row) => (row.status === 'ok' ? undefined : `status-${row.status}`),
              cell: (row) => (
                <>
                  {PROCESS_STATE[row.gone ? 'gone' : row.status]}
                  {row.findings.length > 0 && <div className="stat-detail">{row.findings.join('; ')}</div>}
                </>
              ),
            },
            { header: 'Started', cell: (row) => row.started },
            { header: 'Last seen', cell: (row) => row.lastSeen },
            { header: 'Round', numeric: true, cell: (row) => row.round },
            { header: 'Targets', cell: (row) => row.targets },
            { header: 'Connections', numeric: true, cell: (row) => row.connections },
            { header: 'CPU', numeric: true, cell: (row) => row.cpu },
            { header: 'Event-loop delay', numeric: true, cell: (row) => row.eventLoopDelay },
          ]}
        />
      )}
    </section>
  );
}
