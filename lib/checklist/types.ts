/**
 * The production checklist's vocabulary: each of the guide's twelve items is checked automatically where the
 * database can tell, and reports a status with the evidence behind it. Evidence is stored as JSON in the console
 * schema (checklist_evidence.facts, checklist_signoff.evidence) and parsed back with these schemas.
 */
import { z } from 'zod';

export const checkStatusSchema = z.enum(['pass', 'warn', 'fail', 'not_applicable', 'manual']);
export type CheckStatus = z.output<typeof checkStatusSchema>;

export const evidenceFactSchema = z.object({
  label: z.string(),
  value: z.string(),
  /** The fact's own verdict, when it is one of several that make the item's. */
  status: checkStatusSchema.optional(),
});
export type EvidenceFact = z.output<typeof evidenceFactSchema>;

export interface Evidence {
  status: CheckStatus;
  /** One sentence: why the item has this status. */
  summary: string;
  facts: EvidenceFact[];
}

/** Evidence as stored, with the time it was checked (an ISO 8601 text). */
export const checkedEvidenceSchema = z.object({
  status: checkStatusSchema,
  summary: z.string(),
  facts: z.array(evidenceFactSchema),
  checkedAt: z.string(),
});

/** The worst of several verdicts: fail > warn > manual > pass > not applicable. */
export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  const order: CheckStatus[] = ['fail', 'warn', 'manual', 'pass', 'not_applicable'];
  return order.find((status) => statuses.includes(status)) ?? 'not_applicable';
}
