-- Workload history, part two: what the database waited on (lib/workload/activity).
-- No Prisma model here either: the minute table is partitioned by day, and all three are read and written with SQL.

-- Active session history: per target and minute, how many active sessions each sample of pg_stat_activity found in
-- each (wait class, wait event, state, queryid, user, application). `sessions` is summed over the minute's samples,
-- so "average active sessions" is sessions divided by the minute's samples (console.activity_sample).
-- wait_class is pg_stat_activity.wait_event_type, or CPU where it is NULL (running, not waiting).
CREATE TABLE console.activity_minute (
  target text NOT NULL,
  minute timestamptz NOT NULL,
  wait_class text NOT NULL,
  wait_event text,
  state text NOT NULL,
  -- pg_stat_activity.query_id: PostgreSQL 14 and later, with compute_query_id on (NULL otherwise).
  queryid bigint,
  username text,
  application text,
  sessions integer NOT NULL
) PARTITION BY RANGE (minute);

CREATE INDEX activity_minute_target_minute_idx ON console.activity_minute (target, minute);

-- How many samples each minute took: the denominator, also for minutes in which no session was active.
-- One small row per target and minute: retired with a DELETE, not partitioned.
CREATE TABLE console.activity_sample (
  target text NOT NULL,
  minute timestamptz NOT NULL,
  samples integer NOT NULL,
  PRIMARY KEY (target, minute)
);

-- Lock waits: one row per episode (a blocking root session, known by pid and backend_start, seen in consecutive
-- samples), with the blocking tree of the sample in which most sessions waited. Statement text in the tree is
-- normalised (literals replaced) and truncated before it is stored.
CREATE TABLE console.lock_wait_episode (
  id bigserial PRIMARY KEY,
  target text NOT NULL,
  root_pid integer NOT NULL,
  root_started_at timestamptz,
  root_user text,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  samples integer NOT NULL,
  -- The most sessions waiting under this root in one sample, and the longest any of them had waited.
  max_waiting integer NOT NULL,
  max_wait_seconds real NOT NULL,
  tree jsonb NOT NULL
);

CREATE INDEX lock_wait_episode_target_first_seen_idx ON console.lock_wait_episode (target, first_seen DESC, id DESC);
CREATE INDEX lock_wait_episode_target_root_idx ON console.lock_wait_episode (target, root_pid, last_seen);
