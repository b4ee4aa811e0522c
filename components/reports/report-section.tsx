import type { ReactNode } from 'react';
import type { Section } from '@/lib/monitoring/sections';

/** A titled card that renders its data, an empty state, or the reason it could not be loaded. */
export function ReportSection<T>({
  id,
  title,
  description,
  section,
  isEmpty,
  empty,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  section: Section<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  return (
    <section className="card report-section" aria-labelledby={`${id}-heading`} data-testid={`section-${id}`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {description && <p className="stat-detail">{description}</p>}
      {!section.ok ? (
        <p className={`notice ${section.code === 'extension_missing' ? '' : 'error'}`} role="alert">
          {section.code === 'query_timeout' ? 'This part of the report timed out: ' : ''}
          {section.message}
        </p>
      ) : isEmpty?.(section.data) ? (
        <p className="stat-detail">{empty ?? 'Nothing to show.'}</p>
      ) : (
        children(section.data)
      )}
    </section>
  );
}
