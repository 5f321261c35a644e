import type { Db, Prisma } from "@guildhall/db";
import type { Role, RoleScope } from "@guildhall/validators";
import { MANAGEMENT_API_ROLE } from "../applications/management-api-names.ts";
import { DomainError } from "../errors.ts";
import type { ListParent } from "../shared/paginate.ts";

export const roleSelect = {
  id: true,
  name: true,
  description: true,
  type: true,
  createdAt: true,
  _count: { select: { users: true, applications: true, scopes: true } },
} satisfies Prisma.RoleSelect;

type RoleRow = Prisma.RoleGetPayload<{ select: typeof roleSelect }>;

/**
 * The built-in role is recognised by its name: the name is unique, reserved (no other
 * role can take it) and cannot change, and `assertChangeableResource` relies on the same link.
 */
export function isManagementApiRole(role: { name: string }): boolean {
  return role.name === MANAGEMENT_API_ROLE;
}

export function toRole({ _count, ...row }: RoleRow): Role {
  return {
    ...row,
    isManagementApi: isManagementApiRole(row),
    usersCount: _count.users,
    applicationsCount: _count.applications,
    scopesCount: _count.scopes,
  };
}

export const roleScopeSelect = {
  id: true,
  resourceId: true,
  name: true,
  description: true,
  createdAt: true,
  resource: { select: { id: true, name: true, indicator: true, accessTokenTtl: true } },
} satisfies Prisma.ApiScopeSelect;

export function toRoleScope(
  row: Prisma.ApiScopeGetPayload<{ select: typeof roleScopeSelect }>,
): RoleScope {
  return row;
}

export function roleNotFound(id: string) {
  return new DomainError("role.not_found", `No role has id "${id}".`, { id });
}

/** A role as the owner of a list (its users, applications, permissions): see `paginate`. */
export function roleAsParent(db: Db, id: string): ListParent {
  return {
    find: () => db.role.findUnique({ where: { id }, select: { id: true } }),
    notFound: () => roleNotFound(id),
  };
}

export function rolesNotFound(missing: string[]) {
  return new DomainError("role.not_found", `Unknown role id(s): ${missing.join(", ")}.`, {
    missing,
  });
}

export function roleNameTaken(name: string) {
  return new DomainError(
    "role.name_taken",
    `A role named "${name}" already exists. Role names are unique; choose another.`,
    { name },
  );
}

export function managementApiRoleProtected(id: string) {
  return new DomainError(
    "role.management_api_protected",
    `The "${MANAGEMENT_API_ROLE}" role is built in: it cannot be deleted or renamed, and its permissions are fixed. Give or take it from machine-to-machine applications instead.`,
    { id },
  );
}

/** A removal of a link (permission, user, application) the role does not have. */
export function notAssigned(message: string, data: Record<string, string>) {
  return new DomainError("role.not_assigned", message, data);
}

/** Users hold `User` roles, machine-to-machine applications `MachineToMachine` roles. */
export function typeMismatch(message: string, data: Record<string, unknown>) {
  return new DomainError("role.type_mismatch", message, data);
}

/** Ids in `wanted` that are not in `found`, in the caller's order. */
export function missingIds(wanted: string[], found: { id: string }[]): string[] {
  const known = new Set(found.map((r) => r.id));
  return wanted.filter((id) => !known.has(id));
}
