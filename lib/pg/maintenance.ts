/**
 * Vacuum and analyze health: dead tuples and the last (auto)vacuum/analyze per table, transaction-ID wraparound
 * age (PostgreSQL docs, "Preventing Transaction ID Wraparound Failures"), and sequences close to their maximum.
 */
import 'server-only';
import { query } from './client';

export interface TableMaintenance {
  schema: string;
  table: string;
  liveTuples: number;
  deadTuples: number;
  /** dead / (live + dead). */
  deadShare: number | null;
  lastVacuum: Date | null;
  lastAutovacuum: Date | null;
  lastAnalyze: Date | null;
  lastAutoanalyze: Date | null;
}

export async function listTableMaintenance(limit = 500): Promise<TableMaintenance[]> {
  return query<TableMaintenance>(
    `
    SELECT
      schemaname AS "schema",
      relname AS "table",
      n_live_tup::float8 AS "liveTuples",
      n_dead_tup::float8 AS "deadTuples",
      (n_dead_tup::float8 / nullif(n_live_tup + n_dead_tup, 0))::float8 AS "deadShare",
      last_vacuum AS "lastVacuum",
      last_autovacuum AS "lastAutovacuum",
      last_analyze AS "lastAnalyze",
      last_autoanalyze AS "lastAutoanalyze"
    FROM pg_stat_user_tables
    ORDER BY n_dead_tup DESC, 1, 2
    LIMIT $1
  `,
    [limit],
  );
}

export interface WraparoundAge {
  database: string;
  /** age(datfrozenxid): transactions since the oldest unfrozen XID. */
  xidAge: number;
  /** autovacuum_freeze_max_age: when autovacuum forces an anti-wraparound vacuum. */
  freezeMaxAge: number;
  /** Share of the ~2^31 XID space used; PostgreSQL stops accepting writes near 100 %. */
  shareOfLimit: number;
}

const XID_LIMIT = 2 ** 31;

export async function listWraparoundAge(): Promise<WraparoundAge[]> {
  const rows = await query<{ database: string; xidAge: number; freezeMaxAge: number }>(`
    SELECT
      datname AS "database",
      age(datfrozenxid)::float8 AS "xidAge",
      current_setting('autovacuum_freeze_max_age')::float8 AS "freezeMaxAge"
    FROM pg_database
    WHERE datallowconn
    ORDER BY 2 DESC, 1
  `);
  return rows.map((row) => ({ ...row, shareOfLimit: row.xidAge / XID_LIMIT }));
}

export interface SequenceUsage {
  schema: string;
  sequence: string;
  lastValue: number | null;
  maxValue: number;
  /** Share of the sequence's range already used. */
  usedShare: number;
}

/**
 * last_value is NULL for sequences the role may not read: grant SELECT on them to the monitoring role (README).
 * Sequences (including those behind SERIAL columns, whose int4 columns overflow at 2^31 − 1 even though the
 * sequence itself is bigint) that have used more than `minShare` of their range.
 */
export async function listSequencesNearExhaustion(minShare = 0.5): Promise<SequenceUsage[]> {
  return query<SequenceUsage>(
    `
    WITH seq AS (
      SELECT
        s.schemaname,
        s.sequencename,
        s.last_value::float8 AS last_value,
        least(
          s.max_value::float8,
          coalesce((
            SELECT CASE a.atttypid WHEN 'int2'::regtype THEN 32767 WHEN 'int4'::regtype THEN 2147483647 END
            FROM pg_depend d
            JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.objid = c.oid
              AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            LIMIT 1
          ), s.max_value::float8)
        ) AS max_value,
        s.min_value::float8 AS min_value
      FROM pg_sequences s
      -- Joined by name rather than cast to regclass: the cast needs USAGE on the schema, pg_monitor has none.
      JOIN pg_namespace n ON n.nspname = s.schemaname
      JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename
    )
    SELECT
      schemaname AS "schema",
      sequencename AS "sequence",
      last_value AS "lastValue",
      max_value AS "maxValue",
      (coalesce(last_value, min_value) - min_value) / nullif(max_value - min_value, 0) AS "usedShare"
    FROM seq
    WHERE (coalesce(last_value, min_value) - min_value) / nullif(max_value - min_value, 0) >= $1
    ORDER BY "usedShare" DESC, 1, 2
  `,
    [minShare],
  );
}
