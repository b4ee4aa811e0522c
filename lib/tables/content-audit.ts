/**
 * Reads of content_audit. The full table browser (filters, keyset paging) comes later; this lists the newest rows
 * through idx_content_audit_timestamp, with the primary key breaking ties.
 */
import 'server-only';
import { getPrisma } from '../db';

export interface ContentAuditRow {
  id: number;
  contentId: string;
  operation: string;
  userId: string | null;
  /** TIMESTAMP without time zone: the wall-clock value as stored, carried as UTC. */
  timestamp: Date;
  metadata: unknown;
}

export async function findNewestContentAudit(limit: number): Promise<ContentAuditRow[]> {
  return getPrisma().contentAudit.findMany({ orderBy: [{ timestamp: 'desc' }, { id: 'desc' }], take: limit });
}
