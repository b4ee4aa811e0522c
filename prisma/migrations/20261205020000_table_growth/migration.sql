-- Workload history, table growth: every 15 minutes each target's largest tables by total size (lib/workload/table-growth).
-- No Prisma model: read and written with SQL in lib/workload/table-growth, like the statement history.
--
-- A plain table, not day partitions: at 500 rows per snapshot and 96 snapshots a day a target adds 48,000 rows a day,
-- and retention deletes the snapshots that aged out since its last run (about one per target every ten minutes)
-- through the primary key's range. A trickle of small deletes that autovacuum keeps up with, never a DELETE over millions of rows.

-- One row per snapshot: when it was taken, how many tables the target had and how long the measurement took there.
CREATE TABLE console.table_size_round (
  target text NOT NULL,
  taken_at timestamptz NOT NULL,
  table_count integer NOT NULL,
  measured_ms real NOT NULL,
  PRIMARY KEY (target, taken_at)
);

-- The largest tables of one snapshot. total_bytes is pg_total_relation_size, index_bytes pg_indexes_size and
-- table_bytes the rest (heap, free space and visibility maps, TOAST). est_rows is pg_class.reltuples, NULL while the
-- table was never vacuumed or analysed.
CREATE TABLE console.table_size_snapshot (
  target text NOT NULL,
  taken_at timestamptz NOT NULL,
  schema_name text NOT NULL,
  table_name text NOT NULL,
  total_bytes bigint NOT NULL,
  table_bytes bigint NOT NULL,
  index_bytes bigint NOT NULL,
  est_rows bigint,
  PRIMARY KEY (target, taken_at, schema_name, table_name)
);

-- One table's growth over a window (the Space page's chart).
CREATE INDEX table_size_snapshot_table_idx ON console.table_size_snapshot (target, schema_name, table_name, taken_at);
