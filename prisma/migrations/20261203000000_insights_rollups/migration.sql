-- Insights rollups (issue 15, lib/tables/insights/rollups/): the figures of the insights pages per application
-- table and day, kept current by one leader loop and read by the pages, so no page scans an application table.
-- Raw SQL only: the column lists are fixed in lib/tables/insights/rollups/definitions.ts.
--
-- Every rollup table has `tail`: false rows hold the sealed rows (time before insight_source.sealed_through), true
-- rows the late-arrival window, replaced whole every cycle. A page sums both

-- One row per application table: how far the rollups reach and how the last cycle went.
CREATE TABLE "console"."insight_source" (
    "table_name"     VARCHAR(40) PRIMARY KEY,
    -- Append-only tables: rows with a time before this are folded into the day rows (the watermark).
    "sealed_through" TIMESTAMP(6),
    -- The watched server's localtimestamp at the last cycle: "today" for the pages.
    "source_now"     TIMESTAMP(6),
    "source_target"  VARCHAR(40),
    -- pg_class.reltuples of the table: the denominator of the build's progress.
    "rows_estimate"  BIGINT,
    "stopped_at"     TIMESTAMPTZ(6),
    "stopped_by"     TEXT,
    "last_cycle_at"  TIMESTAMPTZ(6),
    "failing_since"  TIMESTAMPTZ(6),
    "last_error"     TEXT
);

-- One row per slice of an application table that has rows: a day (hour -1) for the append-only tables, an hour of a
-- day (0 to 23) for the tables re-counted in rotation. The rows folded in, and when it was last counted whole.
CREATE TABLE "console"."insight_day" (
    "table_name"  VARCHAR(40) NOT NULL,
    "day"         DATE NOT NULL,
    "hour"        SMALLINT NOT NULL DEFAULT -1,
    "rows"        BIGINT NOT NULL,
    -- Last whole-day count from the source - NULL: never (incremental deltas only), or found wrong: to be rebuilt.
    "built_at"    TIMESTAMPTZ(6),
    "verified_at" TIMESTAMPTZ(6),
    PRIMARY KEY ("table_name", "day", "hour")
);

CREATE TABLE "console"."insight_audit_day" (
    "day" DATE NOT NULL, "tail" BOOLEAN NOT NULL, "operation" TEXT NOT NULL,
    "rows" BIGINT NOT NULL,
    PRIMARY KEY ("day", "tail", "operation")
);

CREATE TABLE "console"."insight_generation_day" (
    "day" DATE NOT NULL, "tail" BOOLEAN NOT NULL, "channel" TEXT NOT NULL,
    "rows" BIGINT NOT NULL, "timed" BIGINT NOT NULL, "tokens" NUMERIC NOT NULL,
    PRIMARY KEY ("day", "tail", "channel")
);

-- generation_time_ms in log buckets (width 2 %): today's p50/p95 within 1 %, mergeable across cycles.
CREATE TABLE "console"."insight_generation_histogram" (
    "day" DATE NOT NULL, "tail" BOOLEAN NOT NULL, "channel" TEXT NOT NULL, "bucket" INTEGER NOT NULL,
    "rows" BIGINT NOT NULL,
    PRIMARY KEY ("day", "tail", "channel", "bucket")
);

-- Exact p50/p95 of a closed day, computed once from the whole day's rows - "timed" tells whether it still holds.
CREATE TABLE "console"."insight_generation_exact" (
    "day" DATE NOT NULL, "channel" TEXT NOT NULL,
    "timed" BIGINT NOT NULL, "p50" DOUBLE PRECISION, "p95" DOUBLE PRECISION,
    PRIMARY KEY ("day", "channel")
);

CREATE TABLE "console"."insight_quality_day" (
    "day" DATE NOT NULL, "tail" BOOLEAN NOT NULL, "bucket" INTEGER NOT NULL,
    "rows" BIGINT NOT NULL,
    PRIMARY KEY ("day", "tail", "bucket")
);

-- Mergeable moments of metric_value: the Welch interval over any range equals the one from the raw rows.
CREATE TABLE "console"."insight_ab_day" (
    "day" DATE NOT NULL, "tail" BOOLEAN NOT NULL,
    "test_id" TEXT NOT NULL, "variant_id" TEXT NOT NULL, "metric_name" TEXT NOT NULL,
    "rows" BIGINT NOT NULL, "n" BIGINT NOT NULL, "sum" NUMERIC NOT NULL, "sumsq" NUMERIC NOT NULL,
    -- The newest result with a value (NULL: none): which tests were active most recently.
    "last_at" TIMESTAMP(6),
    PRIMARY KEY ("day", "tail", "test_id", "variant_id", "metric_name")
);

-- The publishing queue and the cache change in place: each hour of their days is re-counted whole, in rotation.
CREATE TABLE "console"."insight_schedule_day" (
    "day" DATE NOT NULL, "tail" BOOLEAN NOT NULL, "hour" INTEGER NOT NULL, "status" TEXT NOT NULL,
    "rows" BIGINT NOT NULL,
    PRIMARY KEY ("day", "tail", "hour", "status")
);

CREATE TABLE "console"."insight_cache_day" (
    "day" DATE NOT NULL, "tail" BOOLEAN NOT NULL, "hour" INTEGER NOT NULL, "target" TEXT NOT NULL,
    "rows" BIGINT NOT NULL, "bytes" NUMERIC NOT NULL,
    PRIMARY KEY ("day", "tail", "hour", "target")
);

-- The most used keys of each expiry hour - the most used overall are the top of these.
CREATE TABLE "console"."insight_cache_top" (
    "day" DATE NOT NULL, "tail" BOOLEAN NOT NULL, "hour" INTEGER NOT NULL, "cache_key" TEXT NOT NULL,
    "target" TEXT NOT NULL, "hits" BIGINT NOT NULL, "size_bytes" BIGINT, "expires_at" TIMESTAMP(6) NOT NULL,
    PRIMARY KEY ("day", "tail", "hour", "cache_key")
);
CREATE INDEX "insight_cache_top_hits_idx" ON "console"."insight_cache_top" ("hits" DESC);
