-- The six application tables as defined in the guide (PostgreSQL Setup, section 2). Types, defaults, keys and
-- the UNIQUE constraint follow the guide. Its inline INDEX clauses are MySQL syntax, so each index is created
-- below with CREATE INDEX and the name the guide gives it.

CREATE TABLE "public"."content_audit" (
    "id" SERIAL PRIMARY KEY,
    "content_id" VARCHAR(255) NOT NULL,
    "operation" VARCHAR(50) NOT NULL,
    "user_id" VARCHAR(255),
    "timestamp" TIMESTAMP NOT NULL DEFAULT NOW(),
    "metadata" JSONB
);
CREATE INDEX "idx_content_audit_timestamp" ON "public"."content_audit" ("timestamp");
CREATE INDEX "idx_content_audit_content_id" ON "public"."content_audit" ("content_id");

CREATE TABLE "public"."cache_metadata" (
    "cache_key" VARCHAR(512) PRIMARY KEY,
    "target" VARCHAR(50) NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT NOW(),
    "expires_at" TIMESTAMP NOT NULL,
    "size_bytes" INTEGER,
    "hit_count" INTEGER DEFAULT 0,
    "last_accessed" TIMESTAMP
);
CREATE INDEX "idx_cache_expires" ON "public"."cache_metadata" ("expires_at");
CREATE INDEX "idx_cache_target" ON "public"."cache_metadata" ("target");

CREATE TABLE "public"."ab_test_results" (
    "id" SERIAL PRIMARY KEY,
    "test_id" VARCHAR(255) NOT NULL,
    "variant_id" VARCHAR(255) NOT NULL,
    "metric_name" VARCHAR(100) NOT NULL,
    "metric_value" DECIMAL(10, 4),
    "timestamp" TIMESTAMP NOT NULL DEFAULT NOW(),
    "metadata" JSONB
);
CREATE INDEX "idx_test_results_test_id" ON "public"."ab_test_results" ("test_id");
CREATE INDEX "idx_test_results_timestamp" ON "public"."ab_test_results" ("timestamp");

CREATE TABLE "public"."content_metrics" (
    "id" SERIAL PRIMARY KEY,
    "content_id" VARCHAR(255) NOT NULL,
    "channel" VARCHAR(50) NOT NULL,
    "generation_time_ms" INTEGER,
    "ai_tokens_used" INTEGER,
    "quality_score" DECIMAL(3, 2),
    "created_at" TIMESTAMP NOT NULL DEFAULT NOW(),
    "metadata" JSONB
);
CREATE INDEX "idx_content_metrics_channel" ON "public"."content_metrics" ("channel");
CREATE INDEX "idx_content_metrics_created" ON "public"."content_metrics" ("created_at");

CREATE TABLE "public"."user_segments" (
    "segment_id" VARCHAR(255) PRIMARY KEY,
    "segment_name" VARCHAR(255) NOT NULL,
    "criteria" JSONB NOT NULL,
    "active" BOOLEAN DEFAULT true,
    "created_at" TIMESTAMP NOT NULL DEFAULT NOW(),
    "updated_at" TIMESTAMP NOT NULL DEFAULT NOW()
);

CREATE TABLE "public"."scheduled_content" (
    "id" SERIAL PRIMARY KEY,
    "content_id" VARCHAR(255) NOT NULL UNIQUE,
    "channel" VARCHAR(50) NOT NULL,
    "scheduled_time" TIMESTAMP NOT NULL,
    "status" VARCHAR(50) NOT NULL DEFAULT 'pending',
    "retry_count" INTEGER DEFAULT 0,
    "created_at" TIMESTAMP NOT NULL DEFAULT NOW(),
    "published_at" TIMESTAMP,
    "error_message" TEXT
);
CREATE INDEX "idx_scheduled_status" ON "public"."scheduled_content" ("status");
CREATE INDEX "idx_scheduled_time" ON "public"."scheduled_content" ("scheduled_time");

-- The console tables, kept apart from the application tables.
CREATE SCHEMA IF NOT EXISTS "console";

CREATE TYPE "console"."role" AS ENUM ('viewer', 'operator', 'admin');

CREATE TABLE "console"."users" (
    "id" SERIAL PRIMARY KEY,
    "email" TEXT NOT NULL UNIQUE,
    "name" TEXT NOT NULL,
    "role" "console"."role" NOT NULL DEFAULT 'viewer',
    "password_hash" TEXT NOT NULL,
    "disabled_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    CONSTRAINT "users_email_lowercase" CHECK ("email" = lower("email"))
);

CREATE TABLE "console"."audit_event" (
    "id" BIGSERIAL PRIMARY KEY,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    "actor_id" INTEGER,
    "actor_email" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB
);
CREATE INDEX "audit_event_occurred_at_idx" ON "console"."audit_event" ("occurred_at" DESC);

-- The audit log is append-only: no row is ever changed or removed, whoever asks.
-- Prisma 6.19's JavaScript migration engine splits scripts at every semicolon, even inside dollar quotes, so
-- the PL/pgSQL body is an escaped string whose semicolons are written as the octal escape \073.
CREATE FUNCTION "console"."refuse_audit_change"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''console.audit_event is append-only (% refused)'', TG_OP USING ERRCODE = ''insufficient_privilege''\073 END\073';
CREATE TRIGGER "audit_event_append_only"
  BEFORE UPDATE OR DELETE ON "console"."audit_event"
  FOR EACH ROW EXECUTE FUNCTION "console"."refuse_audit_change"();
CREATE TRIGGER "audit_event_no_truncate"
  BEFORE TRUNCATE ON "console"."audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION "console"."refuse_audit_change"();

CREATE TABLE "console"."sign_in_throttle" (
    "key" TEXT PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_starts_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    "blocked_until" TIMESTAMPTZ(6)
);
