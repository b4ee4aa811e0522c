-- Indexes for the reads the workload history added: the change timeline reads each source by its own time column
-- (lib/workload/changes/timeline.ts), and retention deletes by time across all targets.
CREATE INDEX alert_event_target_fired_at_idx ON console.alert_event (target, fired_at);
CREATE INDEX alert_event_target_resolved_at_idx ON console.alert_event (target, resolved_at);
CREATE INDEX backup_run_finished_at_idx ON console.backup_run (finished_at);
CREATE INDEX restore_run_finished_at_idx ON console.restore_run (finished_at);
CREATE INDEX checklist_signoff_created_at_idx ON console.checklist_signoff (created_at);
CREATE INDEX statement_interval_sampled_at_idx ON console.statement_interval (sampled_at);
CREATE INDEX activity_sample_minute_idx ON console.activity_sample (minute);
CREATE INDEX lock_wait_episode_last_seen_idx ON console.lock_wait_episode (last_seen);
