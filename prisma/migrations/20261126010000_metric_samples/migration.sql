-- The background sampler's history: one row per sample, the figures as JSON (lib/sampler/sample.ts defines the
-- shape). Kept for SAMPLE_RETENTION_DAYS, enforced by the sampler.
CREATE TABLE "console"."metric_sample" (
    "id" BIGSERIAL PRIMARY KEY,
    "taken_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    "snapshot" JSONB NOT NULL
);
CREATE INDEX "metric_sample_taken_at_idx" ON "console"."metric_sample" ("taken_at");
