/**
 * Writing the statement history to the console store (tables of migration 20261205000000_statement_history): one
 * interval's rows in one transaction, the texts and user names of statements seen for the first time, the hourly
 * rollups and retention. Reads are in ./history.ts.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../../db';
import { parseRows, text, timestamp } from '../../pg/rows';
import { dropPartitionsOlderThan, ensureDayPartitions } from '../day-partitions';
import { startOfUtcDay } from '../partition-names';
import type { StatementDelta } from './deltas';
import type { StatementFigures } from './figures';

export interface IntervalRecord {
  target: string;
  sampledAt: Date;
  seconds: number;
  entries: number;
  evicted: number | null;
  restarted: number;
  kept: readonly StatementDelta[];
  others: StatementFigures | null;
}

/** The minute table's figure columns, in the order of the JSON record's keys below. */
const FIGURE_COLUMNS = `calls, total_ms, rows, shared_blks_hit, shared_blks_read, shared_blks_dirtied, shared_blks_written,
  temp_blks_read, temp_blks_written, blk_io_ms, wal_bytes`;

function toRecord(row: StatementFigures & Partial<StatementDelta>) {
  return {
    queryid: row.queryId ?? null,
    userid: row.userId ?? null,
    dbid: row.dbId ?? null,
    toplevel: row.toplevel ?? null,
    calls: row.calls,
    total_ms: row.totalMs,
    rows: row.rows,
    shared_blks_hit: row.sharedBlksHit,
    shared_blks_read: row.sharedBlksRead,
    shared_blks_dirtied: row.sharedBlksDirtied,
    shared_blks_written: row.sharedBlksWritten,
    temp_blks_read: row.tempBlksRead,
    temp_blks_written: row.tempBlksWritten,
    blk_io_ms: row.blkIoMs,
    wal_bytes: row.walBytes === null ? null : Math.round(row.walBytes),
  };
}

/**
 * An interval to store, with the read it was differenced from: when the store already holds an interval of its
 * target newer than that read, another process sampled the target meanwhile (a hand-over and back, or two processes
 * both owning it while their membership changed), and storing this one would count that process's interval again.
 */
export interface PendingInterval extends IntervalRecord {
  /** The previous read's time by the server's clock; null stores the interval unchecked (tests, demo data). */
  measuredFrom: Date | null;
}

/**
 * Stores the intervals of any number of targets — their coverage rows and their statements' rows (the top ones and
 * "all others", queryid NULL) — in one statement, so one transaction: the collector writes every interval of a tick
 * at once (at a thousand targets, a transaction and a store read per target and minute were most of the console's
 * Prisma time in a profile of bench/fleet-sampler.ts). An interval measured from before a newer stored one of its
 * target is refused, and so is one already stored (a retry); returns the targets whose interval was stored. At most
 * one interval per target in a batch: they would not see each other.
 */
export async function writeIntervals(batch: readonly PendingInterval[]): Promise<Set<string>> {
  if (batch.length === 0) return new Set();
  for (const day of new Set(batch.map((record) => startOfUtcDay(record.sampledAt).getTime())))
    await ensureDayPartitions('statement_minute', new Date(day));
  const input = batch.map((record) => ({
    target: record.target,
    sampled_at: record.sampledAt,
    measured_from: record.measuredFrom,
    seconds: record.seconds,
    entries: record.entries,
    evicted: record.evicted,
    restarted: record.restarted,
    statements: [...record.kept.map(toRecord), ...(record.others ? [toRecord(record.others)] : [])],
  }));
  const stored = parseRows(
    z.object({ target: text }),
    await getPrisma().$queryRawUnsafe(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(target text, sampled_at timestamptz,
           measured_from timestamptz, seconds real, entries int, evicted bigint, restarted int, statements jsonb)
       ),
       stored AS (
         INSERT INTO console.statement_interval (target, sampled_at, seconds, entries, evicted, restarted)
         SELECT target, sampled_at, seconds, entries, evicted, restarted FROM input i
         WHERE i.measured_from IS NULL OR NOT EXISTS (
           SELECT 1 FROM console.statement_interval s WHERE s.target = i.target AND s.sampled_at > i.measured_from)
         ON CONFLICT (target, sampled_at) DO NOTHING
         RETURNING target, sampled_at
       ),
       statements AS (
         INSERT INTO console.statement_minute (target, sampled_at, queryid, userid, dbid, toplevel, ${FIGURE_COLUMNS})
         SELECT i.target, i.sampled_at, queryid, userid, dbid, toplevel, ${FIGURE_COLUMNS}
         FROM stored JOIN input i USING (target, sampled_at)
         CROSS JOIN LATERAL jsonb_to_recordset(i.statements) AS r(queryid bigint, userid oid, dbid oid,
           toplevel boolean, calls bigint, total_ms float8, rows bigint, shared_blks_hit int, shared_blks_read int,
           shared_blks_dirtied int, shared_blks_written int, temp_blks_read int, temp_blks_written int,
           blk_io_ms real, wal_bytes bigint)
       )
       SELECT target FROM stored`,
      JSON.stringify(input),
    ),
  );
  return new Set(stored.map((row) => row.target));
}

/** One interval, stored unchecked (tests and benches that write history directly). */
export async function writeInterval(record: IntervalRecord): Promise<void> {
  await writeIntervals([{ ...record, measuredFrom: null }]);
}

/** The queryids of `target` whose text is stored (the collector's memory of what it need not fetch again). */
export async function findKnownQueryIds(target: string): Promise<Set<string>> {
  const rows = parseRows(
    z.object({ queryid: text }),
    await getPrisma().$queryRaw`SELECT queryid::text AS queryid FROM console.statement_text WHERE target = ${target}`,
  );
  return new Set(rows.map((row) => row.queryid));
}

export async function findKnownUserIds(target: string): Promise<Set<number>> {
  const rows = parseRows(
    z.object({ userid: z.coerce.number() }),
    await getPrisma().$queryRaw`SELECT userid::int8 AS userid FROM console.statement_user WHERE target = ${target}`,
  );
  return new Set(rows.map((row) => row.userid));
}

export async function saveStatementTexts(target: string, texts: ReadonlyMap<string, string>, seenAt: Date) {
  if (texts.size === 0) return;
  await getPrisma().$executeRaw`
    INSERT INTO console.statement_text (target, queryid, query, first_seen)
    SELECT ${target}, queryid::bigint, query, ${seenAt}
    FROM unnest(${[...texts.keys()]}::text[], ${[...texts.values()]}::text[]) AS t(queryid, query)
    ON CONFLICT (target, queryid) DO NOTHING`;
}

export async function saveUserNames(target: string, names: ReadonlyMap<number, string>) {
  if (names.size === 0) return;
  await getPrisma().$executeRaw`
    INSERT INTO console.statement_user (target, userid, name)
    SELECT ${target}, userid::oid, name
    FROM unnest(${[...names.keys()].map(String)}::text[], ${[...names.values()]}::text[]) AS u(userid, name)
    ON CONFLICT (target, userid) DO UPDATE SET name = excluded.name`;
}

const HOUR_MS = 3_600_000;

/** An hour is rolled up this long after it ends: an interval read by a server whose clock runs ahead still lands in it. */
export const ROLLUP_GRACE_MS = 2 * 60_000;

/** The statements an hour keeps, as an interval does: the rest are summed into its "all others" row. */
export const DEFAULT_HOUR_TOP = 200;

/**
 * Rolls `target`'s minute rows up into hours, every whole hour from its watermark (or its first interval) to the
 * last complete hour before `now`; at most `maxHours` a call so a long absence catches up in steps. One INSERT …
 * SELECT per hour: about STATEMENT_HISTORY_TOP × 60 rows read through the (target, sampled_at) index. An hour keeps
 * its `top` statements by time and sums the rest into its "all others" row: when statements take turns in the
 * minutes' top, an hour would otherwise hold thousands of rows (bench/statement-history.ts measured ~4,900 an hour
 * at 5,000 statements, 70 MB a day and a slower 7-day window).
 */
export async function rollUpHours(
  target: string,
  now: Date,
  { maxHours = 24, top = DEFAULT_HOUR_TOP }: { maxHours?: number; top?: number } = {},
): Promise<number> {
  const [state] = parseRows(
    z.object({ from: timestamp.nullable(), newest: timestamp.nullable() }),
    await getPrisma().$queryRaw`
      SELECT coalesce(
        (SELECT rolled_through FROM console.statement_rollup WHERE target = ${target}),
        (SELECT date_trunc('hour', min(sampled_at)) FROM console.statement_interval WHERE target = ${target})
      ) AS "from",
      (SELECT max(sampled_at) FROM console.statement_interval WHERE target = ${target}) AS "newest"`,
  );
  if (!state?.from || !state.newest) return 0;
  // An hour is complete once an interval that ended after it is stored — by the watched server's clock, which
  // stamps the intervals — and once the console's clock is past it too. By the console's clock alone, a server
  // whose clock runs behind would still be adding intervals to an hour already summed.
  const lastComplete = new Date(
    Math.min(
      Math.floor((now.getTime() - ROLLUP_GRACE_MS) / HOUR_MS) * HOUR_MS,
      Math.floor(state.newest.getTime() / HOUR_MS) * HOUR_MS,
    ),
  );
  let rolled = 0;
  for (let hour = state.from; hour < lastComplete && rolled < maxHours; hour = new Date(hour.getTime() + HOUR_MS)) {
    const end = new Date(hour.getTime() + HOUR_MS);
    // The watermark moves first, and only from this hour: should two processes ever roll up at once (a leader
    // handover), the second finds it moved and adds nothing, so no hour is summed twice.
    const advanced = await getPrisma().$transaction(async (tx) => {
      const moved = await tx.$executeRaw`
        INSERT INTO console.statement_rollup (target, rolled_through) VALUES (${target}, ${end})
        ON CONFLICT (target) DO UPDATE SET rolled_through = excluded.rolled_through
        WHERE statement_rollup.rolled_through = ${hour}`;
      if (moved === 1) {
        await tx.$executeRawUnsafe(
          `INSERT INTO console.statement_hour (target, hour, queryid, userid, dbid, toplevel, ${FIGURE_COLUMNS})
           WITH summed AS (
             SELECT queryid, userid, dbid, toplevel, sum(calls) AS calls, sum(total_ms) AS total_ms, sum(rows) AS rows,
               sum(shared_blks_hit) AS hit, sum(shared_blks_read) AS read, sum(shared_blks_dirtied) AS dirtied,
               sum(shared_blks_written) AS written, sum(temp_blks_read) AS temp_read,
               sum(temp_blks_written) AS temp_written, sum(blk_io_ms) AS io_ms, sum(wal_bytes) AS wal
             FROM console.statement_minute
             WHERE target = $1 AND sampled_at > $2::timestamptz AND sampled_at <= $3::timestamptz
             GROUP BY queryid, userid, dbid, toplevel
           ),
           ranked AS (
             SELECT *, queryid IS NOT NULL AND row_number() OVER (
               ORDER BY queryid IS NULL, total_ms DESC, calls DESC, queryid, userid, toplevel
             ) <= $4 AS kept
             FROM summed
           )
           SELECT $1, $2::timestamptz, queryid, userid, dbid, toplevel, calls, total_ms, rows, hit, read, dirtied, written,
             temp_read, temp_written, io_ms, wal
           FROM ranked WHERE kept
           UNION ALL
           SELECT $1, $2::timestamptz, NULL, NULL, NULL, NULL, sum(calls), sum(total_ms), sum(rows), sum(hit), sum(read),
             sum(dirtied), sum(written), sum(temp_read), sum(temp_written), sum(io_ms), sum(wal)
           FROM ranked WHERE NOT kept
           HAVING count(*) > 0`,
          target,
          hour,
          end,
          top,
        );
      }
      return moved === 1;
    });
    if (!advanced) break;
    rolled += 1;
  }
  return rolled;
}

/**
 * Retention: minute partitions older than `minuteDays` are dropped whole; hourly rows (a few thousand a day per
 * target) and interval rows are deleted by their index; a text whose statement has no hourly row left (and was
 * first seen before them) goes too, so the texts stay bounded when queryids churn (temporary tables, IN-lists).
 * Intervals are kept as long as the hourly rows: they are what the charts know was collected (./load-coverage.ts),
 * and without them an hour of the rollups would show as a gap — at one a minute, ~130,000 small rows per target.
 */
export async function retireStatementHistory(minuteDays: number, hourDays: number, now: Date): Promise<string[]> {
  const dropped = await dropPartitionsOlderThan('statement_minute', minuteDays, now);
  const hoursFrom = new Date(now.getTime() - hourDays * 86_400_000);
  await getPrisma().$executeRaw`DELETE FROM console.statement_interval WHERE sampled_at < ${hoursFrom}`;
  await getPrisma().$executeRaw`DELETE FROM console.statement_hour WHERE hour < ${hoursFrom}`;
  await getPrisma().$executeRaw`
    DELETE FROM console.statement_text t
    WHERE t.first_seen < ${hoursFrom}
      AND NOT EXISTS (SELECT 1 FROM console.statement_hour h WHERE h.target = t.target AND h.queryid = t.queryid)`;
  return dropped;
}
