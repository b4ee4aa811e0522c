import type { ReactNode } from 'react';
import type { ChecklistItem } from '@/lib/checklist/items';
import type { CheckedEvidence } from '@/lib/checklist/run-checks';
import type { Section } from '@/lib/monitoring/sections';
import { SectionFailure } from '../reports/section-failure';
import { PrimaryOnlyNote } from '../targets/primary-only-note';
import { ItemReport } from './item-report';

/**
 * A Settings report page's body: the item's stored evidence (the checklist's own schedule keeps it fresh; an
 * operator re-checks on the checklist page — opening a report never runs the check), then the page's own detail.
 * `showFacts={false}` when the page's detail shows the same facts more fully (the tuning advisor).
 */
export function ChecklistReport({
  item,
  evidence,
  heading,
  showFacts = true,
  children,
}: {
  item: Pick<ChecklistItem, 'number' | 'title'>;
  evidence: Section<CheckedEvidence | null>;
  heading: string;
  showFacts?: boolean;
  children?: ReactNode;
}) {
  return (
    <>
      <h1>{heading}</h1>
      <PrimaryOnlyNote what="Checked on" />
      {!evidence.ok ? (
        <SectionFailure failure={evidence} />
      ) : evidence.data === null ? (
        <p className="notice" data-testid="item-report" data-status="unchecked">
          Checklist item {item.number} ({item.title}) has not been checked yet: every item is checked on a schedule, and
          an operator can re-check it on the <a href="/checklist">checklist</a>.
        </p>
      ) : (
        <ItemReport number={item.number} title={item.title} evidence={evidence.data} showFacts={showFacts} />
      )}
      {children}
    </>
  );
}
