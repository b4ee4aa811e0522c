-- Issue 17: sign-in through an identity provider, per-target roles, and sessions admins can see.

-- People who sign in through an identity provider have no password. They are found again by the provider and the
-- subject it gives them (the id_token's "sub"), never by e-mail alone, which a provider may let people change.
ALTER TABLE "console"."users"
    ALTER COLUMN "password_hash" DROP NOT NULL,
    ADD COLUMN "identity_provider" TEXT,
    ADD COLUMN "identity_subject" TEXT,
    ADD CONSTRAINT "users_identity_pair" CHECK (("identity_provider" IS NULL) = ("identity_subject" IS NULL));
CREATE UNIQUE INDEX "users_identity_key" ON "console"."users" ("identity_provider", "identity_subject");

-- A user's role narrowed on one target: from the provider's claims (rewritten at every sign-in) or set by an admin.
-- The role there is the lowest of the user's role and these rows (lib/auth/target-roles.ts). Target names are text,
-- not a foreign key: targets from the TARGETS variable and "primary" are not rows of monitored_target.
CREATE TYPE "console"."target_role_source" AS ENUM ('claims', 'admin');
CREATE TABLE "console"."user_target_role" (
    "user_id" INTEGER NOT NULL REFERENCES "console"."users" ("id") ON DELETE CASCADE,
    "target_name" VARCHAR(40) NOT NULL,
    "source" "console"."target_role_source" NOT NULL,
    "role" "console"."role" NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW(),
    PRIMARY KEY ("user_id", "target_name", "source")
);

-- Who is signed in: how (credentials, oidc, github, google), and when last seen (written at most once a minute per
-- session, lib/auth/user-sessions.ts).
ALTER TABLE "console"."user_session"
    ADD COLUMN "provider" TEXT NOT NULL DEFAULT 'credentials',
    ADD COLUMN "last_seen_at" TIMESTAMPTZ(6);
