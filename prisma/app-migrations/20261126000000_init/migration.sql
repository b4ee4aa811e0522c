-- The six application tables as defined in the guide (PostgreSQL Setup, section 2), in the watched primary
-- (DATABASE_URL). Types, defaults, keys and the UNIQUE constraint follow the guide. Its inline INDEX clauses are
-- MySQL syntax, so each index is created below with CREATE INDEX and the name the guide gives it. IF NOT EXISTS:
-- pointed at the application's own database, whose tables the application created, this changes nothing.
-- (Until the console's own tables moved to prisma/migrations, this migration also created them, and an install made
-- then is adopted by lib/startup/migrations.ts.)

CREATE TABLE IF NOT EXISTS "public"."content_audit" (
    "id" SERIAL PRIMARY KEY,
    "content_id" VARCHAR(255) NOT NULL,
    "operation" VARCHAR(50) NOT NULL,
    "user_id" VARCHAR(255),
    "timestamp" TIMESTAMP NOT NULL DEFAULT NOW(),
    "metadata" JSONB
);
CREATE INDEX IF NOT EXISTS "idx_content_audit_timestamp" ON "public"."content_audit" ("timestamp");
CREATE INDEX IF NOT EXISTS "idx_content_audit_content_id" ON "public"."content_audit" ("content_id");

CREATE TABLE IF NOT EXISTS "public"."cache_metadata" (
    "cache_key" VARCHAR(512) PRIMARY KEY,
    "target" VARCHAR(50) NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT NOW(),
    "expires_at" TIMESTAMP NOT NULL,
    "size_bytes" INTEGER,
    "hit_count" INTEGER DEFAULT 0,
    "last_accessed" TIMESTAMP
);
CREATE INDEX IF NOT EXISTS "idx_cache_expires" ON "public"."cache_metadata" ("expires_at");
CREATE INDEX IF NOT EXISTS "idx_cache_target" ON "public"."cache_metadata" ("target");

CREATE TABLE IF NOT EXISTS "public"."ab_test_results" (
    "id" SERIAL PRIMARY KEY,
    "test_id" VARCHAR(255) NOT NULL,
    "variant_id" VARCHAR(255) NOT NULL,
    "metric_name" VARCHAR(100) NOT NULL,
    "metric_value" DECIMAL(10, 4),
    "timestamp" TIMESTAMP NOT NULL DEFAULT NOW(),
    "metadata" JSONB
);
CREATE INDEX IF NOT EXISTS "idx_test_results_test_id" ON "public"."ab_test_results" ("test_id");
CREATE INDEX IF NOT EXISTS "idx_test_results_timestamp" ON "public"."ab_test_results" ("timestamp");

CREATE TABLE IF NOT EXISTS "public"."content_metrics" (
    "id" SERIAL PRIMARY KEY,
    "content_id" VARCHAR(255) NOT NULL,
    "channel" VARCHAR(50) NOT NULL,
    "generation_time_ms" INTEGER,
    "ai_tokens_used" INTEGER,
    "quality_score" DECIMAL(3, 2),
    "created_at" TIMESTAMP NOT NULL DEFAULT NOW(),
    "metadata" JSONB
);
CREATE INDEX IF NOT EXISTS "idx_content_metrics_channel" ON "public"."content_metrics" ("channel");
CREATE INDEX IF NOT EXISTS "idx_content_metrics_created" ON "public"."content_metrics" ("created_at");

CREATE TABLE IF NOT EXISTS "public"."user_segments" (
    "segment_id" VARCHAR(255) PRIMARY KEY,
    "segment_name" VARCHAR(255) NOT NULL,
    "criteria" JSONB NOT NULL,
    "active" BOOLEAN DEFAULT true,
    "created_at" TIMESTAMP NOT NULL DEFAULT NOW(),
    "updated_at" TIMESTAMP NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS "public"."scheduled_content" (
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
CREATE INDEX IF NOT EXISTS "idx_scheduled_status" ON "public"."scheduled_content" ("status");
CREATE INDEX IF NOT EXISTS "idx_scheduled_time" ON "public"."scheduled_content" ("scheduled_time");
