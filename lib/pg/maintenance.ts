/**
 * Vacuum and analyze health: dead tuples and the last (auto)vacuum/analyze per table, transaction-ID and
 * multixact-ID wraparound age per database and per table (PostgreSQL docs, "Routine Vacuuming": "Preventing
 * Transaction ID Wraparound Failures" and "Multixacts and Wraparound"), and sequences close to their maximum.
 */
import 'server-only';
import { z } from 'zod';
import { query } from './client';
import { float, int, text, timestamp } from './rows';

const tableMaintenanceRow = z.object({
  schema: text,
  table: text,
  liveTuples: float,
  deadTuples: float,
  /** dead / (live + dead). */
  deadShare: float.nullable(),
  lastVacuum: timestamp.nullable(),
  lastAutovacuum: timestamp.nullable(),
  lastAnalyze: timestamp.nullable(),
  lastAutoanalyze: timestamp.nullable(),
});
export type TableMaintenance = z.output<typeof tableMaintenanceRow>;

export async function listTableMaintenance(limit = 500): Promise<TableMaintenance[]> {
  return query(
    tableMaintenanceRow,
    `
    SELECT
      schemaname AS "schema",
      relname AS "table",
      n_live_tup AS "liveTuples",
      n_dead_tup AS "deadTuples",
      n_dead_tup::float8 / nullif(n_live_tup + n_dead_tup, 0) AS "deadShare",
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

/**
 * Both counters are 32 bits wide and compared modulo 2^32, so at most 2^31 of them can be older than the newest;
 * PostgreSQL stops assigning new ones (refuses writes) close to that limit.
 */
const WRAPAROUND_LIMIT = 2 ** 31;

const databaseAgeRow = z.object({
  database: text,
  /** age(datfrozenxid): transactions since the oldest unfrozen XID. */
  xidAge: int,
  /** autovacuum_freeze_max_age: when autovacuum forces an anti-wraparound vacuum. */
  freezeMaxAge: int,
  /** mxid_age(datminmxid): multixacts (row locks shared by several transactions) since the oldest one kept. */
  mxidAge: int,
  /** autovacuum_multixact_freeze_max_age: when autovacuum forces a vacuum for multixact age. */
  multixactFreezeMaxAge: int,
});

export type WraparoundAge = z.output<typeof databaseAgeRow> & {
  /** Share of the ~2^31 XID space used; PostgreSQL stops accepting writes near 100 %. */
  shareOfLimit: number;
  /** The same for multixact IDs. */
  mxidShareOfLimit: number;
};

export async function listWraparoundAge(): Promise<WraparoundAge[]> {
  const rows = await query(
    databaseAgeRow,
    `
    SELECT
      datname AS "database",
      age(datfrozenxid) AS "xidAge",
      current_setting('autovacuum_freeze_max_age') AS "freezeMaxAge",
      mxid_age(datminmxid) AS "mxidAge",
      current_setting('autovacuum_multixact_freeze_max_age') AS "multixactFreezeMaxAge"
    FROM pg_database
    WHERE datallowconn
    ORDER BY 2 DESC, 1
  `,
  );
  return rows.map((row) => ({
    ...row,
    shareOfLimit: row.xidAge / WRAPAROUND_LIMIT,
    mxidShareOfLimit: row.mxidAge / WRAPAROUND_LIMIT,
  }));
}

const tableAgeRow = z.object({
  schema: text,
  table: text,
  /** age(relfrozenxid) of the table or its TOAST table, whichever is older: what the next freeze must cover. */
  xidAge: int,
  /** mxid_age(relminmxid), likewise. */
  mxidAge: int,
});
export type TableWraparoundAge = z.output<typeof tableAgeRow>;

/**
 * The tables of this database that hold its wraparound age back, oldest first (the PostgreSQL docs' query, with
 * mxid_age beside age and each table's TOAST table counted with it). Catalogs included: they age too.
 */
export async function listTableWraparoundAge(limit = 20): Promise<TableWraparoundAge[]> {
  return query(
    tableAgeRow,
    `
    SELECT
      n.nspname AS "schema",
      c.relname AS "table",
      greatest(age(c.relfrozenxid), age(t.relfrozenxid)) AS "xidAge",
      greatest(mxid_age(c.relminmxid), mxid_age(t.relminmxid)) AS "mxidAge"
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
    WHERE c.relkind IN ('r', 'm')
    -- Both ages are measured against the same 2^31 limit: the nearer to it first.
    ORDER BY greatest(age(c.relfrozenxid), age(t.relfrozenxid), mxid_age(c.relminmxid), mxid_age(t.relminmxid)) DESC, 1, 2
    LIMIT $1
  `,
    [limit],
  );
}

const sequenceUsageRow = z.object({
  schema: text,
  sequence: text,
  lastValue: float.nullable(),
  maxValue: float,
  /** Share of the sequence's range already used. */
  usedShare: float,
});
export type SequenceUsage = z.output<typeof sequenceUsageRow>;

/**
 * last_value is NULL for sequences the role may not read: grant SELECT on them (docs/configuration.md).
 * Sequences (including those behind SERIAL columns, whose int4 columns overflow at 2^31 − 1 even though the
 * sequence itself is bigint) that have used more than `minShare` of their range.
 */
export async function findSequencesNearExhaustion(minShare = 0.5): Promise<SequenceUsage[]> {
  return query(
    sequenceUsageRow,
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
