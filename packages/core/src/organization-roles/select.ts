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
  apiScopes: {
    select: {
      scope: {
        select: { id: true, name: true, resource: { select: { id: true, name: true } } },
      },
    },
    orderBy: [{ scope: { resource: { name: "asc" } } }, { scope: { name: "asc" } }],
  },
} satisfies Prisma.OrganizationRoleSelect;

type Row = Prisma.OrganizationRoleGetPayload<{ select: typeof organizationRoleSelect }>;

export function toOrganizationRole(row: Row): OrganizationRoleWithPermissions {
  const { permissions, apiScopes, ...role } = row;
  return {
    ...role,
    permissions: permissions.map((p) => p.permission),
    resourceScopes: apiScopes.map((s) => s.scope),
  };
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

/** A removal of a permission (organization or API) the role does not hold. */
export function notAssigned(message: string, data: Record<string, string>) {
  return new DomainError("organization_role.not_assigned", message, data);
}
