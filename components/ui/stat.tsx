import type { ReactNode } from 'react';

/** One figure on a card. `testId` gives tests a stable handle on the value itself. */
export function Stat({
  label,
  value,
  detail,
  testId,
  tone,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  testId: string;
  tone?: 'ok' | 'warn' | 'bad';
}) {
  return (
    <div className="card">
      <p className="stat-label">{label}</p>
      <p className={`stat-value${tone ? ` status-${tone}` : ''}`} data-testid={testId}>
        {value}
      </p>
      {detail && <p className="stat-detail">{detail}</p>}
    </div>
  );
}
