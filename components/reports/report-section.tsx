import type { ReactNode } from 'react';
import type { Section } from '@/lib/monitoring/sections';
import { SectionFailure } from './section-failure';

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
        <SectionFailure failure={section} />
      ) : isEmpty?.(section.data) ? (
        <p className="stat-detail">{empty ?? 'Nothing to show.'}</p>
      ) : (
        children(section.data)
      )}
    </section>
  );
}
