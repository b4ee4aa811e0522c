-- Sessions that can be ended: every sign-in gets a row, and the session cookie names it. Signing out marks it
-- revoked, and a revoked session is refused on its next request, whatever its cookie still says (lib/auth/).
CREATE TABLE "console"."user_session" (
    "id" UUID PRIMARY KEY,
    "user_id" INTEGER NOT NULL REFERENCES "console"."users" ("id"),
    "client_address" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "revoked_at" TIMESTAMPTZ(6)
);
-- The revoked sessions still unexpired are read every few seconds: only those rows are indexed.
CREATE INDEX "user_session_revoked_idx" ON "console"."user_session" ("expires_at") WHERE "revoked_at" IS NOT NULL;

-- Throttle rows expire with their window: found by the window's start.
CREATE INDEX "sign_in_throttle_window_idx" ON "console"."sign_in_throttle" ("window_starts_at");
