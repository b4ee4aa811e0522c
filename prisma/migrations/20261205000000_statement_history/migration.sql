-- Workload history, part one: pg_stat_statements differences per interval (lib/workload/statements).
-- These tables have no Prisma model: the minute table is partitioned by day (declarative partitioning), which
-- Prisma's schema cannot describe, and all of them are read and written with SQL in lib/workload.

-- One row per collection interval per target: what the interval covered and what the collector noticed in it.
CREATE TABLE console.statement_interval (
  target text NOT NULL,
  sampled_at timestamptz NOT NULL,
  -- Seconds since the previous snapshot: the denominator of every rate over this interval.
  seconds real NOT NULL,
  -- Distinct entries pg_stat_statements held, and entries evicted during the interval (pg_stat_statements_info.dealloc, 14+).
  entries integer NOT NULL,
  evicted bigint,
  -- Entries whose counters restarted within the interval (a reset, or an eviction and re-entry): counted from zero.
  restarted integer NOT NULL,
  PRIMARY KEY (target, sampled_at)
);

-- The differences of one interval: the top statements by time and one row (queryid NULL) for all others.
CREATE TABLE console.statement_minute (
  target text NOT NULL,
  sampled_at timestamptz NOT NULL,
  queryid bigint,
  userid oid,
  dbid oid,
  toplevel boolean,
  calls bigint NOT NULL,
  total_ms double precision NOT NULL,
  rows bigint NOT NULL,
  shared_blks_hit integer NOT NULL,
  shared_blks_read integer NOT NULL,
  shared_blks_dirtied integer NOT NULL,
  shared_blks_written integer NOT NULL,
  temp_blks_read integer NOT NULL,
  temp_blks_written integer NOT NULL,
  blk_io_ms real NOT NULL,
  wal_bytes bigint
) PARTITION BY RANGE (sampled_at);

CREATE INDEX statement_minute_target_sampled_at_idx ON console.statement_minute (target, sampled_at);

-- Hourly sums of the minute rows, kept longer (STATEMENT_HOURLY_DAYS). `seconds` is the hour's covered time.
CREATE TABLE console.statement_hour (
  target text NOT NULL,
  hour timestamptz NOT NULL,
  queryid bigint,
  userid oid,
  dbid oid,
  toplevel boolean,
  calls bigint NOT NULL,
  total_ms double precision NOT NULL,
  rows bigint NOT NULL,
  shared_blks_hit bigint NOT NULL,
  shared_blks_read bigint NOT NULL,
  shared_blks_dirtied bigint NOT NULL,
  shared_blks_written bigint NOT NULL,
  temp_blks_read bigint NOT NULL,
  temp_blks_written bigint NOT NULL,
  blk_io_ms double precision NOT NULL,
  wal_bytes bigint
);

CREATE INDEX statement_hour_target_hour_idx ON console.statement_hour (target, hour);
CREATE INDEX statement_hour_target_queryid_hour_idx ON console.statement_hour (target, queryid, hour);
-- Retention deletes by hour across all targets.
CREATE INDEX statement_hour_hour_idx ON console.statement_hour (hour);

-- The last hour each target's minute rows were rolled up through.
CREATE TABLE console.statement_rollup (
  target text PRIMARY KEY,
  rolled_through timestamptz NOT NULL
);

-- Each statement's text, fetched once when its queryid is first seen, and the names of the users the rows carry
-- (resolved when first seen, so reading the history never needs the target to answer).
CREATE TABLE console.statement_text (
  target text NOT NULL,
  queryid bigint NOT NULL,
  query text NOT NULL,
  first_seen timestamptz NOT NULL,
  PRIMARY KEY (target, queryid)
);

CREATE TABLE console.statement_user (
  target text NOT NULL,
  userid oid NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (target, userid)
);
