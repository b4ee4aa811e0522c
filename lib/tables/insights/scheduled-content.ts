/**
 * The publishing queue: items by status and scheduled day, overdue pending items, failed items with their errors,
 * and the only two writes of the browser — retry a failed item, cancel a failed or pending one — each in a
 * transaction with its audit entry (before and after values).
 */
import 'server-only';
import { z } from 'zod';
import type { AuditActor } from '../../audit/record-audit-event';
import { writeWithAudit } from '../write-with-audit';
import { AppError } from '../../errors';
import { query } from '../../pg/client';
import { int, parseRows, text } from '../../pg/rows';

const statusDayRow = z.object({ day: text, status: text, count: int });
export type StatusDay = z.output<typeof statusDayRow>;

/** Items scheduled from a week ago to two weeks ahead, by day and status. */
export async function getQueueByDay(): Promise<StatusDay[]> {
  return query(
    statusDayRow,
    `
    SELECT to_char(date_trunc('day', scheduled_time), 'YYYY-MM-DD') AS "day", status, count(*) AS "count"
    FROM scheduled_content
    WHERE scheduled_time >= localtimestamp - interval '7 days' AND scheduled_time < localtimestamp + interval '14 days'
    GROUP BY 1, 2
    ORDER BY 1, 2
  `,
  );
}

const statusCountRow = z.object({ status: text, count: int });

export async function countByStatus(): Promise<z.output<typeof statusCountRow>[]> {
  return query(
    statusCountRow,
    `SELECT status, count(*) AS "count" FROM scheduled_content GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
}

const queueItemRow = z.object({
  id: int,
  contentId: text,
  channel: text,
  /** The server's local time as text: the column is TIMESTAMP WITHOUT TIME ZONE. */
  scheduledTime: text,
  status: text,
  retryCount: int.nullable(),
  errorMessage: text.nullable(),
});
export type QueueItem = z.output<typeof queueItemRow>;

const ITEM_COLUMNS = `
  id, content_id AS "contentId", channel, to_char(scheduled_time, 'YYYY-MM-DD HH24:MI:SS') AS "scheduledTime",
  status, retry_count AS "retryCount", error_message AS "errorMessage"`;

export async function findOverduePending(limit = 100): Promise<QueueItem[]> {
  return query(
    queueItemRow,
    `SELECT ${ITEM_COLUMNS} FROM scheduled_content WHERE status = 'pending' AND scheduled_time < localtimestamp ORDER BY scheduled_time LIMIT $1`,
    [limit],
  );
}

export async function findFailed(limit = 100): Promise<QueueItem[]> {
  return query(
    queueItemRow,
    `SELECT ${ITEM_COLUMNS} FROM scheduled_content WHERE status = 'failed' ORDER BY scheduled_time DESC LIMIT $1`,
    [limit],
  );
}

export type QueueChange = 'retry' | 'cancel';

const lockedItemRow = z.object({ status: text, retry_count: int.nullable() });

const ALLOWED_FROM: Record<QueueChange, string[]> = { retry: ['failed'], cancel: ['failed', 'pending'] };

export async function applyScheduledChange(actor: AuditActor, id: number, change: QueueChange) {
  return writeWithAudit(async (tx) => {
    const [item] = parseRows(
      lockedItemRow,
      await tx.$queryRaw`SELECT status, retry_count FROM scheduled_content WHERE id = ${id} FOR UPDATE`,
    );
    if (!item) throw new AppError('not_found', `Scheduled item ${id} does not exist.`);
    if (!ALLOWED_FROM[change].includes(item.status)) {
      throw new AppError(
        'conflict',
        `Item ${id} is ${item.status}; only ${ALLOWED_FROM[change].join(' or ')} items can be ${change === 'retry' ? 'retried' : 'cancelled'}.`,
      );
    }
    const after =
      change === 'retry'
        ? { status: 'pending', retry_count: (item.retry_count ?? 0) + 1 }
        : { status: 'cancelled', retry_count: item.retry_count };
    await tx.scheduledContent.update({ where: { id }, data: { status: after.status, retryCount: after.retry_count } });
    return {
      result: after,
      audit: { actor, action: `scheduled_content.${change}`, target: `scheduled_content:${id}`, before: item, after },
    };
  });
}
