-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "memberCount" INTEGER NOT NULL DEFAULT 0;

-- The count of the rows already there.
UPDATE "organizations" o SET "memberCount" = c.n
FROM (SELECT "organizationId", count(*)::int AS n FROM "organization_members" GROUP BY 1) c
WHERE o."id" = c."organizationId";

-- Kept exact in the transaction of every change, whatever writes the rows (services,
-- invitations, JIT, imports, cascades): one UPDATE per statement and organization, not per
-- row, so a bulk insert of 10,000 members updates its organization once.
CREATE FUNCTION guildhall_count_members_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "organizations" o SET "memberCount" = o."memberCount" + d.n
  FROM (SELECT "organizationId", count(*)::int AS n FROM added GROUP BY 1) d
  WHERE o."id" = d."organizationId";
  RETURN NULL;
END $$;

CREATE FUNCTION guildhall_count_members_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "organizations" o SET "memberCount" = o."memberCount" - d.n
  FROM (SELECT "organizationId", count(*)::int AS n FROM removed GROUP BY 1) d
  WHERE o."id" = d."organizationId";
  RETURN NULL;
END $$;

CREATE TRIGGER guildhall_count_members_added AFTER INSERT ON "organization_members"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION guildhall_count_members_added();
CREATE TRIGGER guildhall_count_members_removed AFTER DELETE ON "organization_members"
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION guildhall_count_members_removed();
