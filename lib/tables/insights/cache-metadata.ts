/**
 * The cache's views that stay live at any size, each a range scan of idx_cache_expires bounded by time: what expires
 * around now, and this hour's entries split at now. Totals per expiry hour and target, and the most used keys, come from
 * the rollups (./rollups).
 */
import 'server-only';
import { z } from 'zod';
import { queryOne } from '../../pg/client';
import { float, int, text } from '../../pg/rows';

const expirySplitRow = z.object({
  target: text,
  expiredEntries: int,
  expiredBytes: float,
  liveEntries: int,
  liveBytes: float,
});
/** Per target, the entries of a span of expires_at already expired (expires_at <= now) and still live. */
export type ExpirySplit = z.output<typeof expirySplitRow>;

/** A span of expires_at, split at the server's now; the times are its local time (the column has no zone). */
export interface ExpiryWindow {
  from: string;
  to: string;
  now: string;
  targets: ExpirySplit[];
}

const expiryWindowRow = z.object({ from: text, to: text, now: text, targets: z.array(expirySplitRow) });

/**
 * Entries with expires_at in [from, to) per target, split at now as getLiveVersusExpired splits (live: expires_at >
 * now): a range scan of idx_cache_expires, so its cost follows the span, not the table. `from` and `to` are SQL
 * expressions of this module, never input; the bounds and now come back from the same statement.
 */
async function getExpirySplit(from: string, to: string, values: readonly unknown[] = []): Promise<ExpiryWindow> {
  return queryOne(
    expiryWindowRow,
    `
    WITH split AS (
      SELECT target,
             count(*) FILTER (WHERE expires_at <= localtimestamp) AS expired_entries,
             coalesce(sum(size_bytes) FILTER (WHERE expires_at <= localtimestamp), 0) AS expired_bytes,
             count(*) FILTER (WHERE expires_at > localtimestamp) AS live_entries,
             coalesce(sum(size_bytes) FILTER (WHERE expires_at > localtimestamp), 0) AS live_bytes
      FROM cache_metadata
      WHERE expires_at >= ${from} AND expires_at < ${to}
      GROUP BY target
    )
    SELECT to_char(${from}, 'YYYY-MM-DD HH24:MI:SS') AS "from",
           to_char(${to}, 'YYYY-MM-DD HH24:MI:SS') AS "to",
           to_char(localtimestamp, 'YYYY-MM-DD HH24:MI:SS') AS "now",
           coalesce(
             (SELECT json_agg(json_build_object(
                       'target', target, 'expiredEntries', expired_entries, 'expiredBytes', expired_bytes,
                       'liveEntries', live_entries, 'liveBytes', live_bytes
                     ) ORDER BY target)
              FROM split),
             '[]'
           ) AS "targets"
  `,
    values,
  );
}

/** Per target, what expired in the last `windowMinutes` and what expires in the next (live = expiring in it). */
export async function getExpiringSoon(windowMinutes = 60): Promise<ExpiryWindow> {
  return getExpirySplit('localtimestamp - make_interval(mins => $1)', 'localtimestamp + make_interval(mins => $1)', [
    windowMinutes,
  ]);
}

/**
 * This hour's entries (expires_at from the hour's start to the next, server time) per target, split at now: the
 * rollups hold every other hour (./rollups), so live against expired needs no more than this hour's entries read.
 */
export async function getThisHourExpirySplit(): Promise<ExpiryWindow> {
  return getExpirySplit(`date_trunc('hour', localtimestamp)`, `date_trunc('hour', localtimestamp) + interval '1 hour'`);
}
