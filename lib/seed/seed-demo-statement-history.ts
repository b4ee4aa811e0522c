// Not 'server-only': scripts/ loads it too (start.ts seeds the demo under tsx, outside Next.js, where that import throws).
/**
 * Writes the embedded demo's generated statement history (./demo-statement-history.ts) to the console store for
 * one target: the day partitions, the intervals, minute and hour rows through COPY, the texts and the user, and the
 * rollup watermark, so the live collector continues from there (its rollups start at the watermark; its first read
 * is a baseline). One transaction: a start that fails half-way leaves nothing, and the next start tries again. A
 * target that already has history is left alone, so a second start writes nothing.
 */
import pg from 'pg';
import { z } from 'zod';
import { float, parseRows, text } from '../pg/rows';
import { createPartitionStatement, startOfUtcDay } from '../workload/partition-names';
import type { StatementFigures } from '../workload/statements/figures';
import { copyRows, type CopyValue } from './copy-writer';
import { DEMO_STATEMENTS, generateDemoStatementHistory } from './demo-statement-history';

const DAY_MS = 86_400_000;

/** Who the demo's statements ran as and where: the role the console connects with, in its database. */
export interface DemoIdentity {
  userId: number;
  userName: string;
  dbId: number;
}

export interface DemoHistoryResult {
  seeded: boolean;
  intervals: number;
  rows: number;
  seconds: number;
}

/** The connected role and database of `pool` (the demo's primary). */
export async function readDemoIdentity(pool: pg.Pool): Promise<DemoIdentity> {
  const { rows } = await pool.query(`
    SELECT (SELECT oid::int8 FROM pg_roles WHERE rolname = current_user)::float8 AS "userId",
           current_user::text AS "userName",
           (SELECT oid::int8 FROM pg_database WHERE datname = current_database())::float8 AS "dbId"`);
  return parseRows(z.object({ userId: float, userName: text, dbId: float }), rows)[0]!;
}

/** The figure columns of statement_minute and statement_hour, in StatementFigures' order below. */
const FIGURE_COLUMNS = [
  'calls',
  'total_ms',
  'rows',
  'shared_blks_hit',
  'shared_blks_read',
  'shared_blks_dirtied',
  'shared_blks_written',
  'temp_blks_read',
  'temp_blks_written',
  'blk_io_ms',
  'wal_bytes',
] as const;

const figureValues = (row: StatementFigures): CopyValue[] => [
  row.calls,
  row.totalMs,
  row.rows,
  row.sharedBlksHit,
  row.sharedBlksRead,
  row.sharedBlksDirtied,
  row.sharedBlksWritten,
  row.tempBlksRead,
  row.tempBlksWritten,
  row.blkIoMs,
  row.walBytes,
];

export async function seedDemoStatementHistory(
  poolConfig: pg.PoolConfig,
  target: string,
  identity: DemoIdentity,
  { now = new Date(), days = 3 }: { now?: Date; days?: number } = {},
): Promise<DemoHistoryResult> {
  const started = performance.now();
  const pool = new pg.Pool({ ...poolConfig, max: 1 });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows: existing } = await client.query(
      'SELECT 1 FROM console.statement_interval WHERE target = $1 LIMIT 1',
      [target],
    );
    if (existing.length > 0) {
      await client.query('ROLLBACK');
      return { seeded: false, intervals: 0, rows: 0, seconds: (performance.now() - started) / 1000 };
    }
    const history = generateDemoStatementHistory({ now, days });
    // Every day the minutes touch, and the next, as the collector's ensureDayPartitions would have made them.
    const first = startOfUtcDay(history.intervals[0]);
    for (let day = first; day.getTime() <= now.getTime() + DAY_MS; day = new Date(day.getTime() + DAY_MS))
      await client.query(createPartitionStatement('statement_minute', day));
    const key = (queryId: string): CopyValue[] => [target, queryId, identity.userId, identity.dbId, true];
    await copyRows(
      client,
      'console.statement_interval',
      ['target', 'sampled_at', 'seconds', 'entries', 'evicted', 'restarted'],
      history.intervals.length,
      (i) => [target, history.intervals[i], 60, DEMO_STATEMENTS.length, 0, 0],
    );
    const minuteRows = history.minutes;
    await copyRows(
      client,
      'console.statement_minute',
      ['target', 'queryid', 'userid', 'dbid', 'toplevel', 'sampled_at', ...FIGURE_COLUMNS],
      minuteRows.length,
      (i) => [...key(minuteRows[i].queryId), minuteRows[i].sampledAt, ...figureValues(minuteRows[i])],
    );
    const hourRows = history.hours;
    await copyRows(
      client,
      'console.statement_hour',
      ['target', 'queryid', 'userid', 'dbid', 'toplevel', 'hour', ...FIGURE_COLUMNS],
      hourRows.length,
      (i) => [...key(hourRows[i].queryId), hourRows[i].hour, ...figureValues(hourRows[i])],
    );
    await client.query(
      `INSERT INTO console.statement_text (target, queryid, query, first_seen)
       SELECT $1, queryid::bigint, query, $4 FROM unnest($2::text[], $3::text[]) AS t(queryid, query)
       ON CONFLICT (target, queryid) DO NOTHING`,
      [target, history.texts.map((t) => t.queryId), history.texts.map((t) => t.query), history.intervals[0]],
    );
    await client.query(
      `INSERT INTO console.statement_user (target, userid, name) VALUES ($1, $2, $3)
       ON CONFLICT (target, userid) DO NOTHING`,
      [target, identity.userId, identity.userName],
    );
    await client.query(
      `INSERT INTO console.statement_rollup (target, rolled_through) VALUES ($1, $2)
       ON CONFLICT (target) DO UPDATE SET rolled_through = excluded.rolled_through`,
      [target, history.rolledThrough],
    );
    await client.query('COMMIT');
    // Fresh statistics, so the Queries page's first window is planned with the rows it reads.
    await client.query('ANALYZE console.statement_minute, console.statement_hour, console.statement_interval');
    return {
      seeded: true,
      intervals: history.intervals.length,
      rows: minuteRows.length + hourRows.length,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
    await pool.end();
  }
}
