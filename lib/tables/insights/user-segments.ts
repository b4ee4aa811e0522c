/** Segments with their criteria, and the one write here: activating or deactivating a segment (audited). */
import 'server-only';
import { z } from 'zod';
import type { AuditActor } from '../../audit/record-audit-event';
import { writeWithAudit } from '../write-with-audit';
import { AppError } from '../../errors';
import { query } from '../../pg/client';
import { bool, json, parseRows, text } from '../../pg/rows';

const segmentRow = z.object({
  segmentId: text,
  segmentName: text,
  criteria: json,
  active: bool.nullable(),
  /** The server's local time as text: the column is TIMESTAMP WITHOUT TIME ZONE. */
  updatedAt: text,
});
export type SegmentView = z.output<typeof segmentRow>;

/** One page of segments; `next` is the `after` of the following page, null on the last. */
export interface SegmentPage {
  segments: SegmentView[];
  next: string | null;
}

/**
 * Segments by segment_id, `limit` at a time after the segment `after`: keyset paging on the primary key, the one
 * index the table has, so a page costs `limit` (≥ 1) rows at any size (by name, it was a sort of the whole table).
 * One row more than the page is read to know whether another follows.
 */
export async function listSegments({
  limit = 200,
  after,
}: { limit?: number; after?: string } = {}): Promise<SegmentPage> {
  const rows = await query(
    segmentRow,
    `SELECT segment_id AS "segmentId", segment_name AS "segmentName", criteria, active,
            to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS') AS "updatedAt"
     FROM user_segments ${after === undefined ? '' : 'WHERE segment_id > $2'} ORDER BY segment_id LIMIT $1`,
    after === undefined ? [limit + 1] : [limit + 1, after],
  );
  const segments = rows.slice(0, limit);
  return { segments, next: rows.length > limit ? segments[segments.length - 1].segmentId : null };
}

export async function applySegmentActive(actor: AuditActor, segmentId: string, active: boolean) {
  return writeWithAudit(async (tx) => {
    const [segment] = parseRows(
      z.object({ active: bool.nullable() }),
      await tx.$queryRaw`SELECT active FROM user_segments WHERE segment_id = ${segmentId} FOR UPDATE`,
    );
    if (!segment) throw new AppError('not_found', `Segment ${segmentId} does not exist.`);
    await tx.$executeRaw`UPDATE user_segments SET active = ${active}, updated_at = now() WHERE segment_id = ${segmentId}`;
    return {
      result: { active },
      audit: {
        actor,
        action: active ? 'user_segments.activate' : 'user_segments.deactivate',
        target: `user_segments:${segmentId}`,
        before: { active: segment.active },
        after: { active },
      },
    };
  });
}
