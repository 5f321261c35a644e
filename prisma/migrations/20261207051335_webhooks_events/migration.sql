-- Membership versions: one sequence for members and applications, so a removal and a
-- later re-add always order after every token issued before them.
CREATE SEQUENCE "membership_version_seq";

-- Deliveries were never written before this migration (no worker existed); the new
-- columns are required.
DELETE FROM "webhook_deliveries";

-- DropIndex
DROP INDEX "audit_log_createdAt_idx";

-- DropIndex
DROP INDEX "audit_log_organizationId_createdAt_idx";

-- AlterTable
ALTER TABLE "organization_members" ADD COLUMN     "rolesVersion" BIGINT NOT NULL DEFAULT nextval('membership_version_seq'::regclass);

-- AlterTable
ALTER TABLE "organization_applications" ADD COLUMN     "rolesVersion" BIGINT NOT NULL DEFAULT nextval('membership_version_seq'::regclass);

-- AlterTable
ALTER TABLE "webhooks" ADD COLUMN     "headers" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "webhook_deliveries" DROP COLUMN "payload",
ADD COLUMN     "eventId" BIGINT NOT NULL,
ADD COLUMN     "eventSeq" BIGINT NOT NULL,
ADD COLUMN     "latencyMs" INTEGER,
ADD COLUMN     "responseBody" TEXT;

-- CreateTable
CREATE TABLE "domain_events" (
    "id" BIGSERIAL NOT NULL,
    "seq" BIGINT,
    "event" TEXT NOT NULL,
    "organizationId" TEXT,
    "userId" TEXT,
    "applicationId" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "path" TEXT,
    "method" TEXT,
    "actorType" TEXT,
    "actorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "domain_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instance_settings" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "auditLogRetentionDays" INTEGER NOT NULL DEFAULT 180,
    "eventRetentionDays" INTEGER NOT NULL DEFAULT 7,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "instance_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "domain_events_seq_key" ON "domain_events"("seq");

-- CreateIndex
CREATE INDEX "domain_events_createdAt_idx" ON "domain_events"("createdAt");

-- CreateIndex
CREATE INDEX "webhook_deliveries_eventId_idx" ON "webhook_deliveries"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_webhookId_eventSeq_key" ON "webhook_deliveries"("webhookId", "eventSeq");

-- CreateIndex
CREATE INDEX "audit_log_createdAt_id_idx" ON "audit_log"("createdAt", "id");

-- CreateIndex
CREATE INDEX "audit_log_organizationId_createdAt_id_idx" ON "audit_log"("organizationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "audit_log_actorId_createdAt_idx" ON "audit_log"("actorId", "createdAt");

-- CreateIndex
CREATE INDEX "audit_log_action_createdAt_idx" ON "audit_log"("action", "createdAt");

-- CreateIndex
CREATE INDEX "audit_log_targetId_idx" ON "audit_log"("targetId");

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "domain_events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The sequencer's work queue: events not yet given a position.
CREATE INDEX "domain_events_unsequenced_expr_idx" ON "domain_events"("id") WHERE "seq" IS NULL;
-- The webhook worker's queue: a webhook's unfinished deliveries in order, without scanning
-- its sent history.
CREATE INDEX "webhook_deliveries_unfinished_expr_idx" ON "webhook_deliveries"("webhookId", "eventSeq") WHERE "status" IN ('Pending', 'Sending');
-- The membership triggers find the event their transaction already wrote for a membership
-- (one event per membership per transaction) without scanning every pending event.
CREATE INDEX "domain_events_pending_subject_expr_idx" ON "domain_events"("organizationId", (coalesce("userId", "applicationId"))) WHERE "seq" IS NULL;

-- Organization.Membership.Roles.Updated, written by the database itself: every path that
-- changes a member's (or an organization application's) roles — services, invitation
-- acceptance, just-in-time provisioning, imports, cascades — goes through these tables, so
-- this is the one place that sees all of them. Per changed membership: bump its version and
-- write the event with the roles before and after, in the same transaction as the change.
-- A transaction that changes one membership in several statements (replace = delete + insert)
-- still writes one event: later statements update the event this transaction already wrote.
-- Rows removed because their role was deleted (a template change, which has its own single
-- OrganizationRole.Deleted event) or because the membership itself went (the removal
-- trigger below) write nothing here.

-- The roles a membership holds now, as [{id, name}] sorted by name.
CREATE FUNCTION "guildhall_membership_roles"(subject text, org text, subject_id text) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', r."id", 'name', r."name") ORDER BY r."name"), '[]'::jsonb)
  FROM "organization_roles" r
  WHERE r."id" IN (
    SELECT mr."roleId" FROM "organization_member_roles" mr
    WHERE subject = 'userId' AND mr."organizationId" = org AND mr."userId" = subject_id
    UNION ALL
    SELECT ar."roleId" FROM "organization_application_roles" ar
    WHERE subject = 'applicationId' AND ar."organizationId" = org AND ar."applicationId" = subject_id)
$fn$;

-- Writes (or, within one transaction, updates) the event for one membership.
CREATE FUNCTION "guildhall_write_roles_event"(subject text, org text, subject_id text, version bigint, before jsonb, after jsonb, removed boolean)
RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE "domain_events" e
     SET "data" = e."data" || jsonb_build_object('after', after, 'membershipVersion', version::text,
                                                   'removed', removed)
   WHERE e."seq" IS NULL
     AND e."organizationId" = org
     AND coalesce(e."userId", e."applicationId") = subject_id
     AND e."event" = 'Organization.Membership.Roles.Updated'
     AND e."xmin" = xid(pg_current_xact_id());
  IF FOUND THEN
    RETURN;
  END IF;
  INSERT INTO "domain_events" ("event", "organizationId", "userId", "applicationId", "data")
  VALUES ('Organization.Membership.Roles.Updated', org,
    CASE WHEN subject = 'userId' THEN subject_id END,
    CASE WHEN subject = 'applicationId' THEN subject_id END,
    jsonb_build_object('organizationId', org, subject, subject_id, 'membershipVersion', version::text,
      'before', before, 'after', after, 'removed', removed));
END
$fn$;

CREATE FUNCTION "guildhall_roles_changed"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  subject text := TG_ARGV[0]; -- 'userId' or 'applicationId'
  rec record;
  version bigint;
  after jsonb;
  before jsonb;
BEGIN
  FOR rec IN
    SELECT c."organizationId" AS o,
           CASE WHEN subject = 'userId' THEN to_jsonb(c)->>'userId' ELSE to_jsonb(c)->>'applicationId' END AS s,
           array_agg(c."roleId") AS role_ids
      FROM guildhall_changed_rows c
     WHERE TG_OP = 'INSERT' OR EXISTS (SELECT 1 FROM "organization_roles" x WHERE x."id" = c."roleId")
     GROUP BY 1, 2
  LOOP
    IF subject = 'userId' THEN
      UPDATE "organization_members" SET "rolesVersion" = nextval('membership_version_seq')
       WHERE "organizationId" = rec.o AND "userId" = rec.s RETURNING "rolesVersion" INTO version;
    ELSE
      UPDATE "organization_applications" SET "rolesVersion" = nextval('membership_version_seq')
       WHERE "organizationId" = rec.o AND "applicationId" = rec.s RETURNING "rolesVersion" INTO version;
    END IF;
    CONTINUE WHEN version IS NULL; -- the membership itself is gone: the removal trigger reported it
    -- The roles now (after), and before: after without what this statement added, or with
    -- what it removed. One statement: this runs once per changed membership.
    WITH now_held AS (
      SELECT r."id", r."name" FROM "organization_roles" r
       WHERE r."id" IN (
         SELECT mr."roleId" FROM "organization_member_roles" mr
          WHERE subject = 'userId' AND mr."organizationId" = rec.o AND mr."userId" = rec.s
         UNION ALL
         SELECT ar."roleId" FROM "organization_application_roles" ar
          WHERE subject = 'applicationId' AND ar."organizationId" = rec.o AND ar."applicationId" = rec.s)
    ),
    held_before AS (
      SELECT "id", "name" FROM now_held WHERE TG_OP = 'DELETE' OR NOT "id" = ANY (rec.role_ids)
      UNION ALL
      SELECT r."id", r."name" FROM "organization_roles" r WHERE TG_OP = 'DELETE' AND r."id" = ANY (rec.role_ids)
    )
    SELECT coalesce((SELECT jsonb_agg(jsonb_build_object('id', "id", 'name', "name") ORDER BY "name") FROM now_held), '[]'::jsonb),
           coalesce((SELECT jsonb_agg(jsonb_build_object('id', "id", 'name', "name") ORDER BY "name") FROM held_before), '[]'::jsonb)
      INTO after, before;
    PERFORM "guildhall_write_roles_event"(subject, rec.o, rec.s, version, before, after, false);
  END LOOP;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER "organization_member_roles_inserted" AFTER INSERT ON "organization_member_roles"
  REFERENCING NEW TABLE AS guildhall_changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "guildhall_roles_changed"('userId');
CREATE TRIGGER "organization_member_roles_deleted" AFTER DELETE ON "organization_member_roles"
  REFERENCING OLD TABLE AS guildhall_changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "guildhall_roles_changed"('userId');
CREATE TRIGGER "organization_application_roles_inserted" AFTER INSERT ON "organization_application_roles"
  REFERENCING NEW TABLE AS guildhall_changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "guildhall_roles_changed"('applicationId');
CREATE TRIGGER "organization_application_roles_deleted" AFTER DELETE ON "organization_application_roles"
  REFERENCING OLD TABLE AS guildhall_changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "guildhall_roles_changed"('applicationId');

-- A membership removed (member removed or left, user or application deleted): its roles
-- become none, with a new version so every token issued before is stale. BEFORE, so the roles
-- are still there to report; nothing when the organization itself is being deleted (its
-- Organization.Deleted event says it all; the cascade runs after the organization row is gone).
CREATE FUNCTION "guildhall_membership_removed"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  subject text := TG_ARGV[0];
  subject_id text := CASE WHEN TG_ARGV[0] = 'userId' THEN to_jsonb(OLD)->>'userId' ELSE to_jsonb(OLD)->>'applicationId' END;
BEGIN
  IF EXISTS (SELECT 1 FROM "organizations" WHERE "id" = OLD."organizationId") THEN
    PERFORM "guildhall_write_roles_event"(subject, OLD."organizationId", subject_id,
      nextval('membership_version_seq'),
      "guildhall_membership_roles"(subject, OLD."organizationId", subject_id), '[]'::jsonb, true);
  END IF;
  RETURN OLD;
END
$fn$;

-- Room on each page for the version bumps above to be HOT updates (no index writes).
ALTER TABLE "organization_members" SET (fillfactor = 90);
ALTER TABLE "organization_applications" SET (fillfactor = 90);

CREATE TRIGGER "organization_members_removed" BEFORE DELETE ON "organization_members"
  FOR EACH ROW EXECUTE FUNCTION "guildhall_membership_removed"('userId');
CREATE TRIGGER "organization_applications_removed" BEFORE DELETE ON "organization_applications"
  FOR EACH ROW EXECUTE FUNCTION "guildhall_membership_removed"('applicationId');
