/**
 * The publishing queue's live views: overdue pending items and failed items with their errors, each searched within a
 * bounded window (findDue). Counts by status and scheduled day come from the rollups (./rollups). And the only two
 * writes of the browser, retry a failed item and cancel a failed or pending one, each in a transaction with its audit
 * entry (before and after values).
 */
import 'server-only';
import { z } from 'zod';
import type { AuditActor } from '../../audit/record-audit-event';
import { writeWithAudit } from '../write-with-audit';
import { AppError } from '../../errors';
import { queryOne } from '../../pg/client';
import { int, parseRows, text } from '../../pg/rows';

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

/** What a bounded search of the due queue looked at, so a page can say it: see findDue. */
export interface DueSearched {
  /** Due items examined (any status). */
  rows: number;
  /** The row cap was reached: items of the window older than `since` were not looked at. */
  capped: boolean;
  /** How far back the search reached (server local time): the oldest item examined if capped, else the window start. */
  since: string;
}

/**
 * Items with what was searched to find them. find… returns more than a bare array here (CONTRIBUTING.md) because a
 * bounded search must say how far it looked, or "nothing is overdue" would claim more than was checked.
 */
export interface DueItems {
  items: QueueItem[];
  searched: DueSearched;
}

export interface DueSearch {
  /** Items returned at most. */
  limit?: number;
  /** How far back from now the search looks. */
  windowDays?: number;
  /** Due items examined at most, newest first: the bound on what one search costs the watched server. */
  scanLimit?: number;
}

const ORDERS = { oldestFirst: 'scheduled_time, id', newestFirst: 'scheduled_time DESC, id DESC' } as const;

const dueRow = z.object({ rows: int, oldest: text.nullable(), windowStart: text, items: z.array(queueItemRow) });

/**
 * Items of `status` among the due items (scheduled_time in [now − windowDays, now)), examining at most `scanLimit`
 * of them, newest-due first: a backward range scan of idx_scheduled_time that stops at the cap, then the status
 * filter on the rows it read. Unbounded, the planner either reads every row of the status through
 * idx_scheduled_status and sorts them, or walks idx_scheduled_time filtering until it has `limit` — the whole index
 * when fewer match: a cost that grows with the table. This one's does not. The CTE is MATERIALIZED (PostgreSQL 12+,
 * the oldest the console supports) so the scan runs once for the items, the count and how far back it reached.
 */
async function findDue(
  status: string,
  order: keyof typeof ORDERS,
  { limit = 100, windowDays = 7, scanLimit = 20_000 }: DueSearch,
): Promise<DueItems> {
  const { rows, oldest, windowStart, items } = await queryOne(
    dueRow,
    `
    WITH examined AS MATERIALIZED (
      SELECT id, content_id, channel, scheduled_time, status, retry_count, error_message
      FROM scheduled_content
      WHERE scheduled_time >= localtimestamp - make_interval(days => $1)
        AND scheduled_time < localtimestamp
      ORDER BY scheduled_time DESC
      LIMIT $2
    ), found AS (
      SELECT * FROM examined WHERE status = $3 ORDER BY ${ORDERS[order]} LIMIT $4
    )
    SELECT (SELECT count(*) FROM examined) AS "rows",
           to_char((SELECT min(scheduled_time) FROM examined), 'YYYY-MM-DD HH24:MI:SS') AS "oldest",
           to_char(localtimestamp - make_interval(days => $1), 'YYYY-MM-DD HH24:MI:SS') AS "windowStart",
           coalesce(
             (SELECT json_agg(json_build_object(
                       'id', id, 'contentId', content_id, 'channel', channel,
                       'scheduledTime', to_char(scheduled_time, 'YYYY-MM-DD HH24:MI:SS'),
                       'status', status, 'retryCount', retry_count, 'errorMessage', error_message
                     ) ORDER BY ${ORDERS[order]})
              FROM found),
             '[]'
           ) AS "items"
  `,
    [windowDays, scanLimit, status, limit],
  );
  const capped = rows >= scanLimit;
  return { items, searched: { rows, capped, since: capped && oldest !== null ? oldest : windowStart } };
}

/** Pending items already due, oldest first among those found (findDue). */
export async function findOverduePending(search: DueSearch = {}): Promise<DueItems> {
  return findDue('pending', 'oldestFirst', search);
}

/** Failed items that were due, newest first (findDue). */
export async function findFailed(search: DueSearch = {}): Promise<DueItems> {
  return findDue('failed', 'newestFirst', search);
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
