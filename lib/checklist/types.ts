/**
 * The production checklist's vocabulary: each of the guide's twelve items is checked automatically where the
 * database can tell, and reports a status with the evidence behind it.
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'not_applicable' | 'manual';

export interface EvidenceFact {
  label: string;
  value: string;
  /** The fact's own verdict, when it is one of several that make the item's. */
  status?: CheckStatus;
}

export interface Evidence {
  status: CheckStatus;
  /** One sentence: why the item has this status. */
  summary: string;
  facts: EvidenceFact[];
}

/** The worst of several verdicts: fail > warn > manual > pass > not applicable. */
export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  const order: CheckStatus[] = ['fail', 'warn', 'manual', 'pass', 'not_applicable'];
  return order.find((status) => statuses.includes(status)) ?? 'not_applicable';
}
