-- Workload history, table growth: the largest indexes of each snapshot, taken with its tables (lib/workload/table-growth).
-- Ranking every index by size live stats every index file: 0.7 s warm, 1.2 s cold at 100,000 indexes
-- (bench/space-snapshot.ts), past the Space page's 1 s list budget, so the list by size reads these rows instead.
-- Same shape and retention as console.table_size_snapshot: at most 500 rows per snapshot, deleted with their round.
CREATE TABLE console.index_size_snapshot (
  target text NOT NULL,
  taken_at timestamptz NOT NULL,
  schema_name text NOT NULL,
  table_name text NOT NULL,
  index_name text NOT NULL,
  size_bytes bigint NOT NULL,
  PRIMARY KEY (target, taken_at, schema_name, index_name)
);

-- How many indexes the target had when the snapshot was taken. NULL for the rounds taken before indexes were kept.
ALTER TABLE console.table_size_round ADD COLUMN index_count integer;
