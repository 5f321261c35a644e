import type { Prisma } from "@guildhall/db";

export const organizationPermissionSelect = {
  id: true,
  name: true,
  description: true,
  createdAt: true,
} satisfies Prisma.OrganizationPermissionSelect;
