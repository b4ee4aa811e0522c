-- What changed around the workload (lib/workload/changes): settings, server restarts, statistics resets and
-- failovers each target's collector task noticed, for the History page's timeline and the charts' markers.
-- No Prisma model: read and written with SQL in lib/workload/changes, like the rest of the workload history.
--
-- A plain table: a target adds a handful of rows a day (a change is rare), and retention deletes the rows older
-- than STATEMENT_HISTORY_DAYS through the index on at.
CREATE TABLE console.change_event (
  id bigserial PRIMARY KEY,
  target text NOT NULL,
  at timestamptz NOT NULL,
  -- setting: one parameter's value changed. restart: pg_postmaster_start_time moved. stats_reset: the
  -- pg_stat_statements or pg_stat_database statistics were reset. role: the server turned replica or primary.
  kind text NOT NULL CHECK (kind IN ('setting', 'restart', 'stats_reset', 'role')),
  summary text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- A target's timeline over a window, newest first, and its keyset pages.
CREATE INDEX change_event_target_at_idx ON console.change_event (target, at DESC, id DESC);
CREATE INDEX change_event_at_idx ON console.change_event (at);

-- The last state the task saw per target (settings, start time, reset times, role), so that a console restart
-- compares with what it saw before it stopped instead of reporting every setting as changed or missing a change
-- made while it was down.
CREATE TABLE console.change_baseline (
  target text PRIMARY KEY,
  seen_at timestamptz NOT NULL,
  state jsonb NOT NULL
);
