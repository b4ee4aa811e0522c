/**
 * pg_stat_statements' cumulative counters, read for the workload history (lib/workload/statements). The counters
 * come from pg_stat_statements(false) — the function form without query text, which spares the server reading its
 * query-text file every minute (PostgreSQL docs F.32: "showtext") — and never reset anybody's statistics. Texts are
 * read only for queryids the history has not seen (findStatementTexts).
 *
 * Columns by extension version (statements.ts explains where the version comes from): 1.8 (PostgreSQL 13) renamed
 * total_time and added wal_bytes; 1.9 (14) added toplevel and the pg_stat_statements_info view (dealloc,
 * stats_reset); 1.11 (17) split blk_read_time/blk_write_time into shared_ and local_ and added stats_since.
 */
import 'server-only';
import { z } from 'zod';
import { query, queryOne } from './client';
import { bool, float, int, text } from './rows';
import { isAtLeast, requireStatementsVersion } from './statements';

const counterRow = z.object({
  queryId: text,
  userId: int,
  dbId: int,
  toplevel: bool.nullable(),
  calls: float,
  totalMs: float,
  rows: float,
  sharedBlksHit: float,
  sharedBlksRead: float,
  sharedBlksDirtied: float,
  sharedBlksWritten: float,
  tempBlksRead: float,
  tempBlksWritten: float,
  blkIoMs: float,
  walBytes: float.nullable(),
  /** When this entry's counters started (1.11+, epoch seconds): a change means it was evicted and entered again. */
  statsSince: float.nullable(),
});
export type StatementCounterRow = z.output<typeof counterRow>;

const infoRow = z.object({
  /** The server's clock when the counters were read, epoch seconds. */
  readAt: float,
  serverStartedAt: float,
  /** pg_stat_statements_info (1.9+): entries evicted since the last reset, and when all were last reset. */
  dealloc: float.nullable(),
  statsReset: float.nullable(),
});
export type StatementCounterInfo = z.output<typeof infoRow> & {
  /** The server's clock once the counters had been read, epoch seconds. */
  countersReadBy: number;
};

export interface StatementCounterRead {
  info: StatementCounterInfo;
  rows: StatementCounterRow[];
}

function counterColumns(version: string): string {
  const totalTime = isAtLeast(version, [1, 8]) ? 'total_exec_time' : 'total_time';
  const ioTime = isAtLeast(version, [1, 11])
    ? 'shared_blk_read_time + shared_blk_write_time + local_blk_read_time + local_blk_write_time'
    : 'blk_read_time + blk_write_time';
  return `
      s.queryid::text AS "queryId",
      s.userid::int8 AS "userId",
      s.dbid::int8 AS "dbId",
      ${isAtLeast(version, [1, 9]) ? 's.toplevel' : 'NULL::boolean'} AS "toplevel",
      s.calls AS "calls",
      s.${totalTime} AS "totalMs",
      s.rows AS "rows",
      s.shared_blks_hit AS "sharedBlksHit",
      s.shared_blks_read AS "sharedBlksRead",
      s.shared_blks_dirtied AS "sharedBlksDirtied",
      s.shared_blks_written AS "sharedBlksWritten",
      s.temp_blks_read AS "tempBlksRead",
      s.temp_blks_written AS "tempBlksWritten",
      ${ioTime} AS "blkIoMs",
      ${isAtLeast(version, [1, 8]) ? 's.wal_bytes::float8' : 'NULL::float8'} AS "walBytes",
      ${isAtLeast(version, [1, 11]) ? 'extract(epoch FROM s.stats_since)::float8' : 'NULL::float8'} AS "statsSince"`;
}

/**
 * Every entry of this database (a target is a database: the server's other databases are other targets), and the
 * moment, the server's start and the extension's reset and eviction counters. queryid is NULL for an entry whose
 * statement the server would not identify (a utility statement with compute_query_id off): left out.
 */
export async function readStatementCounters(): Promise<StatementCounterRead> {
  const version = await requireStatementsVersion();
  const hasInfo = isAtLeast(version, [1, 9]);
  // The reset time first, then the counters, then the clock again: a reset between the first two shows as counters
  // gone backwards (each counted from zero), and the next read can tell whether a reset it sees came after these
  // counters were read (everything counts from zero) or before (the differences are already right).
  const before = await queryOne(
    infoRow,
    `
      SELECT
        extract(epoch FROM clock_timestamp())::float8 AS "readAt",
        extract(epoch FROM pg_postmaster_start_time())::float8 AS "serverStartedAt",
        ${hasInfo ? '(SELECT dealloc::float8 FROM pg_stat_statements_info)' : 'NULL::float8'} AS "dealloc",
        ${hasInfo ? '(SELECT extract(epoch FROM stats_reset)::float8 FROM pg_stat_statements_info)' : 'NULL::float8'} AS "statsReset"
    `,
  );
  const rows = await query(
    counterRow,
    `
      SELECT ${counterColumns(version)}
      FROM pg_stat_statements(false) s
      WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND s.queryid IS NOT NULL
    `,
  );
  const after = await queryOne(z.object({ at: float }), 'SELECT extract(epoch FROM clock_timestamp())::float8 AS "at"');
  return { info: { ...before, countersReadBy: after.at }, rows };
}

/** Texts longer than this are cut: a generated IN-list can run to megabytes, and the page shows the start. */
export const MAX_STORED_TEXT = 20_000;

/** The texts of the given queryids (pg_stat_statements(true): it reads the text file, so only for new ones). */
export async function findStatementTexts(queryIds: readonly string[]): Promise<Map<string, string>> {
  if (queryIds.length === 0) return new Map();
  const rows = await query(
    z.object({ queryId: text, query: text }),
    `
    SELECT DISTINCT ON (s.queryid) s.queryid::text AS "queryId", left(s.query, ${MAX_STORED_TEXT}) AS "query"
    FROM pg_stat_statements(true) s
    WHERE s.queryid = ANY($1::bigint[])
      AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY s.queryid
  `,
    [queryIds],
  );
  return new Map(rows.map((row) => [row.queryId, row.query]));
}

/** The names of the given role oids. */
export async function findRoleNames(oids: readonly number[]): Promise<Map<number, string>> {
  if (oids.length === 0) return new Map();
  const rows = await query(
    z.object({ oid: int, name: text }),
    `SELECT oid::int8 AS "oid", rolname AS "name" FROM pg_roles WHERE oid = ANY($1::oid[])`,
    [oids],
  );
  return new Map(rows.map((row) => [row.oid, row.name]));
}
