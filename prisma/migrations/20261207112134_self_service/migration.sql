-- CreateEnum
CREATE TYPE "MembershipRequestStatus" AS ENUM ('Pending', 'Approved', 'Declined');

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "createdById" TEXT;

-- AlterTable
ALTER TABLE "instance_settings" ADD COLUMN     "organizationCreationPolicy" TEXT NOT NULL DEFAULT 'nobody',
ADD COLUMN     "organizationCreationRoleId" TEXT,
ADD COLUMN     "organizationCreatorRoleId" TEXT,
ADD COLUMN     "organizationsPerUser" INTEGER NOT NULL DEFAULT 5;

-- CreateTable
CREATE TABLE "organization_membership_requests" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" "MembershipRequestStatus" NOT NULL DEFAULT 'Pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decidedById" TEXT,

    CONSTRAINT "organization_membership_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "organization_membership_requests_userId_idx" ON "organization_membership_requests"("userId");

-- CreateIndex
CREATE INDEX "organization_membership_requests_organizationId_status_crea_idx" ON "organization_membership_requests"("organizationId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "organization_membership_requests_organizationId_userId_key" ON "organization_membership_requests"("organizationId", "userId");

-- CreateIndex
CREATE INDEX "organizations_createdById_idx" ON "organizations"("createdById");

-- AddForeignKey
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_settings" ADD CONSTRAINT "instance_settings_organizationCreationRoleId_fkey" FOREIGN KEY ("organizationCreationRoleId") REFERENCES "roles"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_settings" ADD CONSTRAINT "instance_settings_organizationCreatorRoleId_fkey" FOREIGN KEY ("organizationCreatorRoleId") REFERENCES "organization_roles"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_membership_requests" ADD CONSTRAINT "organization_membership_requests_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_membership_requests" ADD CONSTRAINT "organization_membership_requests_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
