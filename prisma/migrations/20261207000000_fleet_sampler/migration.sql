-- Issue 18: a fleet of a thousand targets per console process, shared among processes, and never a false "down".

-- A target is declared down only after TARGET_DOWN_AFTER_FAILURES consecutive failed attempts, counted here so the
-- count survives a hand-over to another process. A round the console itself could not do in time (its queue, its
-- pool, its event loop) is not evidence about the target: it is recorded as missed, and the up or down judgement of
-- the last real attempt stays (lib/sampler/). sampled_by names the console process (sampler_process.member_id) that
-- made the last attempt.
ALTER TABLE "console"."target_state"
    ADD COLUMN "failures" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "missed_since" TIMESTAMPTZ(6),
    ADD COLUMN "sampled_by" INTEGER;

-- Each console process that samples: who it is and how its rounds go (duration, targets late or not sampled,
-- connections held), written once per round for the sampler health panel. Liveness is not read from here but from
-- the advisory lock each process holds for as long as it runs, and a row whose process is gone is shown as gone and
-- deleted after a day.
CREATE TABLE "console"."sampler_process" (
    "member_id" INTEGER PRIMARY KEY,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL,
    "seen_at" TIMESTAMPTZ(6) NOT NULL,
    "stats" JSONB NOT NULL
);

-- Tags filter the fleet page (prod, eu, …): targets of the environment get theirs from TARGET_TAGS.
ALTER TABLE "console"."monitored_target"
    ADD COLUMN "tags" TEXT[] NOT NULL DEFAULT '{}';
