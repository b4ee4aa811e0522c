import type { ReactNode } from 'react';
import type { ChecklistItemView } from '@/lib/checklist/load-checklist';
import { formatTimestamp } from '@/lib/format';
import { StatusBadge } from './status-badge';

const KIND_WORD = { sign: 'signed off', revoke: 'revoked', not_needed: 'stated not needed' } as const;

function SignoffLine({ item }: { item: ChecklistItemView }) {
  const s = item.signoff;
  switch (s.state) {
    case 'unsigned':
      return <p className="stat-detail">Not signed off.</p>;
    case 'signed':
      return (
        <p className="status-ok">
          Signed off by {s.entry.actorEmail} on {formatTimestamp(s.entry.createdAt)}: “{s.entry.comment}”
        </p>
      );
    case 'not_needed':
      return (
        <p>
          Not needed — {s.entry.actorEmail} on {formatTimestamp(s.entry.createdAt)}: “{s.entry.comment}”
        </p>
      );
    case 'stale':
      return (
        <p className="status-bad" data-testid="stale">
          Stale sign-off: {s.reason} (signed by {s.entry.actorEmail} on {formatTimestamp(s.entry.createdAt)}.) Sign it
          again once it passes.
        </p>
      );
    case 'revoked':
      return (
        <p className="status-warn">
          Sign-off revoked by {s.entry.actorEmail} on {formatTimestamp(s.entry.createdAt)}: “{s.entry.comment}”
        </p>
      );
  }
}

/** One checklist item: status, why, the evidence, its sign-off and the full history; `controls` for those who may act. */
export function ChecklistItemCard({
  item,
  controls,
  expanded = false,
}: {
  item: ChecklistItemView;
  controls?: ReactNode;
  expanded?: boolean;
}) {
  return (
    <section
      className="card report-section checklist-item"
      aria-labelledby={`item-${item.id}`}
      data-testid={`item-${item.id}`}
      data-status={item.effectiveStatus}
      data-signoff={item.signoff.state}
    >
      <h2 id={`item-${item.id}`}>
        {item.number}. {item.title} <StatusBadge status={item.effectiveStatus} />
      </h2>
      <p>
        {item.evidence.summary}{' '}
        <span className="stat-detail">(checked {formatTimestamp(item.evidence.checkedAt)})</span>
        {item.reportHref && (
          <>
            {' '}
            <a href={item.reportHref}>Full report</a>
          </>
        )}
      </p>
      {item.evidence.facts.length > 0 && (
        <details open={expanded}>
          <summary>Evidence ({item.evidence.facts.length} facts)</summary>
          <dl className="facts">
            {item.evidence.facts.map((fact, index) => (
              <div key={index} style={{ display: 'contents' }}>
                <dt>{fact.label}</dt>
                <dd
                  className={fact.status === 'fail' ? 'status-bad' : fact.status === 'warn' ? 'status-warn' : undefined}
                >
                  {fact.value}
                </dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      <SignoffLine item={item} />
      {item.history.length > 0 && (
        <details className="history" open={expanded}>
          <summary>History ({item.history.length})</summary>
          <ol>
            {item.history.map((entry) => (
              <li key={entry.id}>
                {formatTimestamp(entry.createdAt)} — {entry.actorEmail} {KIND_WORD[entry.kind]}: “{entry.comment}” —
                evidence then: {entry.evidence.status}, {entry.evidence.summary}
              </li>
            ))}
          </ol>
        </details>
      )}
      {controls}
    </section>
  );
}
