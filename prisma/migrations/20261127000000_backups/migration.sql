-- Backups (lib/backup/): one row per pg_dump run, one per restore-verify or full restore, and the single row of
-- schedule and retention settings. Status values are checked here so a typo in code cannot invent a state.
CREATE TABLE "console"."backup_run" (
    "id" BIGSERIAL PRIMARY KEY,
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    "finished_at" TIMESTAMPTZ(6),
    "started_by" TEXT NOT NULL,
    "trigger" TEXT NOT NULL CHECK ("trigger" IN ('manual', 'schedule')),
    "database_name" TEXT NOT NULL,
    "server_version" TEXT NOT NULL,
    "pg_dump_version" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "storage_kind" TEXT NOT NULL CHECK ("storage_kind" IN ('local', 's3')),
    "storage_location" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running' CHECK ("status" IN ('running', 'succeeded', 'failed', 'cancelled')),
    "bytes_written" BIGINT NOT NULL DEFAULT 0,
    "current_object" TEXT,
    "heartbeat_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    "cancel_requested" BOOLEAN NOT NULL DEFAULT FALSE,
    "size_bytes" BIGINT,
    "sha256" TEXT,
    "duration_ms" INTEGER,
    "error" TEXT,
    "manifest" JSONB,
    "deleted_at" TIMESTAMPTZ(6)
);
CREATE INDEX "backup_run_started_at_idx" ON "console"."backup_run" ("started_at" DESC);
CREATE TABLE "console"."restore_run" (
    "id" BIGSERIAL PRIMARY KEY,
    "backup_id" BIGINT NOT NULL REFERENCES "console"."backup_run" ("id"),
    "kind" TEXT NOT NULL CHECK ("kind" IN ('verify', 'restore')),
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    "finished_at" TIMESTAMPTZ(6),
    "started_by" TEXT NOT NULL,
    "target_database" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running' CHECK ("status" IN ('running', 'succeeded', 'failed')),
    "heartbeat_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    "duration_ms" INTEGER,
    "differences" JSONB,
    "error" TEXT
);
CREATE INDEX "restore_run_backup_id_idx" ON "console"."restore_run" ("backup_id");
CREATE INDEX "restore_run_started_at_idx" ON "console"."restore_run" ("started_at" DESC);
CREATE TABLE "console"."backup_settings" (
    "id" INTEGER PRIMARY KEY DEFAULT 1 CHECK ("id" = 1),
    "backup_cron" TEXT NOT NULL DEFAULT '0 2 * * *',
    "backup_enabled" BOOLEAN NOT NULL DEFAULT TRUE,
    "verify_cron" TEXT NOT NULL DEFAULT '0 4 * * 0',
    "verify_enabled" BOOLEAN NOT NULL DEFAULT TRUE,
    "retention_days" INTEGER NOT NULL DEFAULT 30 CHECK ("retention_days" >= 1),
    "keep_newest" INTEGER NOT NULL DEFAULT 7 CHECK ("keep_newest" >= 1),
    "compression" INTEGER NOT NULL DEFAULT 9 CHECK ("compression" BETWEEN 0 AND 9),
    "last_backup_slot" TIMESTAMPTZ(6),
    "last_verify_slot" TIMESTAMPTZ(6),
    -- When each schedule was last set or switched on: slots before it never fire (other edits do not move it).
    "backup_schedule_set_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    "verify_schedule_set_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    "updated_by" TEXT NOT NULL DEFAULT 'system'
);
INSERT INTO "console"."backup_settings" ("id") VALUES (1);
