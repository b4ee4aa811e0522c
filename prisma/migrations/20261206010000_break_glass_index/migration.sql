-- The overview shows every break-glass sign-in of the last day to everyone signed in, on every render (cached for
-- seconds): read from this index alone, however many other entries the audit log gains in a day — a flood of refused
-- sign-ins included (lib/audit/find-break-glass-sign-ins.ts).
CREATE INDEX "audit_event_break_glass_idx" ON "console"."audit_event" ("occurred_at" DESC) WHERE "action" = 'auth.sign-in.break-glass';
