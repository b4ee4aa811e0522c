-- Several watched servers (lib/targets/): samples are per target, each target's latest up/down state is kept,
-- admins may add targets whose connection strings are stored encrypted, and the sampler records alert episodes.
ALTER TABLE "console"."metric_sample" ADD COLUMN "target" VARCHAR(40) NOT NULL DEFAULT 'primary';
CREATE INDEX "metric_sample_target_taken_at_idx" ON "console"."metric_sample" ("target", "taken_at" DESC);

-- One row per target: whether the newest sampling round reached it, since when it has been down, and why.
CREATE TABLE "console"."target_state" (
    "target" VARCHAR(40) PRIMARY KEY,
    "up" BOOLEAN NOT NULL,
    "checked_at" TIMESTAMPTZ(6) NOT NULL,
    "down_since" TIMESTAMPTZ(6),
    "error" TEXT
);

-- Targets added in the console. The connection string is AES-256-GCM ciphertext (key: TARGETS_SECRET_KEY);
-- "display" is the same URL without its password, the only form a page ever shows.
CREATE TABLE "console"."monitored_target" (
    "id" SERIAL PRIMARY KEY,
    "name" VARCHAR(40) NOT NULL UNIQUE,
    "encrypted_url" TEXT NOT NULL,
    "display" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW()
);

-- Alert episodes: pending while the condition holds for less than the rule's "for", then firing, then resolved.
CREATE TABLE "console"."alert_event" (
    "id" BIGSERIAL PRIMARY KEY,
    "rule" VARCHAR(60) NOT NULL,
    "target" VARCHAR(40) NOT NULL,
    "severity" VARCHAR(20) NOT NULL,
    "state" VARCHAR(20) NOT NULL CHECK ("state" IN ('pending', 'firing', 'resolved')),
    "summary" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "started_at" TIMESTAMPTZ(6) NOT NULL,
    "fired_at" TIMESTAMPTZ(6),
    "resolved_at" TIMESTAMPTZ(6),
    "notified" TEXT
);
-- At most one open (pending or firing) episode per rule and target.
CREATE UNIQUE INDEX "alert_event_open_idx" ON "console"."alert_event" ("rule", "target") WHERE "resolved_at" IS NULL AND "state" <> 'resolved';
CREATE INDEX "alert_event_started_at_idx" ON "console"."alert_event" ("started_at" DESC);
