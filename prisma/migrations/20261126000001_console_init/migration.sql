-- The console's own tables (users, audit), kept apart from the application tables in a "console" schema of the
-- console database (CONSOLE_DATABASE_URL, else the primary). Later console migrations follow in this directory.

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
