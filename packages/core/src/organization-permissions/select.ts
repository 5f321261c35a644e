import type { Prisma } from "@guildhall/db";
import { DomainError } from "../errors.ts";

export const organizationPermissionSelect = {
  id: true,
  name: true,
  description: true,
  createdAt: true,
} satisfies Prisma.OrganizationPermissionSelect;

export function permissionNameTaken(name: string | undefined) {
  return new DomainError(
    "organization_permission.name_taken",
    `A permission named "${name ?? ""}" already exists. Choose another name.`,
    { name },
  );
}
