-- AlterTable
ALTER TABLE "users" ADD COLUMN     "primaryPhone" TEXT,
ADD COLUMN     "username" TEXT,
ADD COLUMN     "profile" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "color" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "customCss" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "users_primaryPhone_key" ON "users"("primaryPhone");

-- Usernames are kept as typed but unique case-insensitively, as Logto's; Prisma cannot
-- describe expression indexes. text_pattern_ops also serves prefix search (q=).
CREATE UNIQUE INDEX "users_username_unique_expr_idx" ON "users" (lower("username"));
CREATE INDEX "users_username_lower_expr_idx" ON "users" (lower("username") text_pattern_ops);

-- Colors move from branding (where earlier versions kept them) to Logto's color object.
UPDATE "organizations"
SET "color" = jsonb_strip_nulls(jsonb_build_object(
      'primaryColor', "branding"->'primaryColor',
      'darkPrimaryColor', "branding"->'darkPrimaryColor')),
    "branding" = "branding" - 'primaryColor' - 'darkPrimaryColor'
WHERE "branding" ?| array['primaryColor', 'darkPrimaryColor'];

-- Logto users may have no email (only a username, a phone number, or nothing).
ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL;
