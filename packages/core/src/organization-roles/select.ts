import type { Prisma } from "@guildhall/db";
import type { OrganizationRoleWithPermissions } from "@guildhall/validators";
import { DomainError } from "../errors.ts";

/** An organization role's own columns, as the `organizationRole` schema. */
export const organizationRoleColumns = {
  id: true,
  name: true,
  description: true,
  type: true,
  createdAt: true,
} satisfies Prisma.OrganizationRoleSelect;

export const organizationRoleSelect = {
  ...organizationRoleColumns,
  permissions: {
    select: { permission: { select: { id: true, name: true, description: true } } },
    orderBy: { permission: { name: "asc" } },
  },
} satisfies Prisma.OrganizationRoleSelect;

type Row = Prisma.OrganizationRoleGetPayload<{ select: typeof organizationRoleSelect }>;

export function toOrganizationRole(row: Row): OrganizationRoleWithPermissions {
  const { permissions, ...role } = row;
  return { ...role, permissions: permissions.map((p) => p.permission) };
}

export function roleNotFound(id: string) {
  return new DomainError("organization_role.not_found", `No organization role has id "${id}".`, {
    id,
  });
}

export function roleNameTaken(name: string | undefined) {
  return new DomainError(
    "organization_role.name_taken",
    `A role named "${name ?? ""}" already exists. Choose another name.`,
    { name },
  );
}
