-- What changed in each target's workload (lib/workload/statements/regressions.ts): replaced per target at each
-- check, read by Queries, the overview and the sampler's QueryRegression rule.
CREATE TABLE console.statement_regression (
  target text NOT NULL,
  queryid bigint NOT NULL,
  -- slower: mean time over the last hour at least twice its 7-day baseline. new: not in the baseline, a large
  -- share of the last hour's time. vanished: a large share of the baseline, no call in the last hour.
  kind text NOT NULL CHECK (kind IN ('slower', 'new', 'vanished')),
  checked_at timestamptz NOT NULL,
  recent_calls double precision NOT NULL,
  recent_mean_ms double precision,
  baseline_calls double precision NOT NULL,
  baseline_mean_ms double precision,
  -- Share of all statements' time: over the last hour (slower, new) or over the baseline (vanished).
  share double precision,
  PRIMARY KEY (target, queryid, kind)
);
