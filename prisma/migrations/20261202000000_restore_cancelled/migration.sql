-- A restore or restore-verify stopped by an operator (issue 13) is recorded as cancelled, like a backup run,
-- rather than as a failure: the checklist's "newest restore-verify" skips it and the Restores table says so.
ALTER TABLE "console"."restore_run" DROP CONSTRAINT "restore_run_status_check";
ALTER TABLE "console"."restore_run" ADD CONSTRAINT "restore_run_status_check"
    CHECK ("status" IN ('running', 'succeeded', 'failed', 'cancelled'));
