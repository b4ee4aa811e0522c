-- The production checklist (lib/checklist/): the latest evidence per item, and the sign-offs — append-only, like
-- the audit log: a revocation is a new row, never an edit.
CREATE TABLE "console"."checklist_evidence" (
    "item_id" TEXT PRIMARY KEY,
    "status" TEXT NOT NULL CHECK ("status" IN ('pass', 'warn', 'fail', 'not_applicable', 'manual')),
    "summary" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "checked_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW()
);
CREATE TABLE "console"."checklist_signoff" (
    "id" BIGSERIAL PRIMARY KEY,
    "item_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('sign', 'revoke', 'not_needed')),
    "actor_id" INTEGER,
    "actor_email" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT NOW()
);
CREATE INDEX "checklist_signoff_item_idx" ON "console"."checklist_signoff" ("item_id", "id");
CREATE FUNCTION "console"."refuse_change"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''%.% is append-only (% refused)'', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP USING ERRCODE = ''insufficient_privilege''\073 END\073';
CREATE TRIGGER "checklist_signoff_append_only"
  BEFORE UPDATE OR DELETE ON "console"."checklist_signoff"
  FOR EACH ROW EXECUTE FUNCTION "console"."refuse_change"();
CREATE TRIGGER "checklist_signoff_no_truncate"
  BEFORE TRUNCATE ON "console"."checklist_signoff"
  FOR EACH STATEMENT EXECUTE FUNCTION "console"."refuse_change"();
