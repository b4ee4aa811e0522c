import 'server-only';
import { getPrisma } from '../db';

export interface AuditEventView {
  id: string;
  occurredAt: Date;
  actorEmail: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

export async function findRecentAuditEvents(limit: number): Promise<AuditEventView[]> {
  const events = await getPrisma().auditEvent.findMany({
    orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  return events.map((event) => ({ ...event, id: event.id.toString() }));
}
