import type { ReactNode } from 'react';
import type { CheckedEvidence } from '@/lib/checklist/run-checks';
import { formatTimestamp } from '@/lib/format';
import { DataTable } from '../ui/data-table';
import { StatusBadge } from './status-badge';

/** A Settings report page: the checklist item's verdict, as last checked, with its evidence as a table. */
export function ItemReport({
  number,
  title,
  evidence,
  showFacts = true,
  children,
}: {
  number: number;
  title: string;
  evidence: CheckedEvidence;
  showFacts?: boolean;
  children?: ReactNode;
}) {
  return (
    <>
      <section
        className="card report-section"
        aria-labelledby="verdict-heading"
        data-testid="item-report"
        data-status={evidence.status}
      >
        <h2 id="verdict-heading">
          Checklist item {number}: {title} <StatusBadge status={evidence.status} />
        </h2>
        <p>
          {evidence.summary}{' '}
          <span className="stat-detail">
            (checked {formatTimestamp(evidence.checkedAt)}; sign it off on the <a href="/checklist">checklist</a>)
          </span>
        </p>
        {showFacts && evidence.facts.length > 0 && (
          <DataTable
            rows={evidence.facts.map((fact, index) => ({ ...fact, index }))}
            rowKey={(fact) => fact.index}
            columns={[
              { header: 'What', cell: (fact) => fact.label },
              { header: 'Found', cell: (fact) => fact.value },
              { header: 'Verdict', cell: (fact) => (fact.status ? <StatusBadge status={fact.status} /> : '—') },
            ]}
          />
        )}
      </section>
      {children}
    </>
  );
}
