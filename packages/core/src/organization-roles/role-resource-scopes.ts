import type { Db, Prisma } from "@guildhall/db";
import {
  listOrganizationRoleResourceScopesInput,
  organizationRoleResourceScopesInput,
  removeOrganizationRoleResourceScopeInput,
  type ListOrganizationRoleResourceScopesInput,
  type OrganizationRoleResourceScopesInput,
  type Paginated,
  type RemoveOrganizationRoleResourceScopeInput,
  type RoleScope,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { paginate, type ListParent } from "../shared/paginate.ts";
import { textSearch } from "../shared/search.ts";
import { assertResourceScopesAssignable } from "./assert-resource-scopes-assignable.ts";
import { roleResourceScopes } from "./relations.ts";
import { notAssigned, roleNotFound } from "./select.ts";

/** An API permission with its API resource, as the role's lists show it. */
const resourceScopeSelect = {
  id: true,
  resourceId: true,
  name: true,
  description: true,
  createdAt: true,
  resource: { select: { id: true, name: true, indicator: true, accessTokenTtl: true } },
} satisfies Prisma.ApiScopeSelect;

const byResourceThenName = [
  { resource: { name: "asc" } },
  { name: "asc" },
  { id: "asc" },
] satisfies Prisma.ApiScopeOrderByWithRelationInput[];

function roleAsParent(db: Db, id: string): ListParent {
  return {
    find: () => db.organizationRole.findUnique({ where: { id }, select: { id: true } }),
    notFound: () => roleNotFound(id),
  };
}

async function assertRoleExists(tx: Prisma.TransactionClient, roleId: string): Promise<void> {
  const role = await tx.organizationRole.findUnique({
    where: { id: roleId },
    select: { id: true },
  });
  if (!role) throw roleNotFound(roleId);
}

/**
 * The API resource permissions an organization role holds, ordered by API resource then
 * name. `q` matches part of the permission's name or description, or its exact id.
 * @throws organization_role.not_found
 */
export async function listOrganizationRoleResourceScopes(
  ctx: ServiceContext,
  input: ListOrganizationRoleResourceScopesInput,
): Promise<Paginated<RoleScope>> {
  assertCanManageTenant(ctx);
  const { roleId, q, page, pageSize } = parseInput(listOrganizationRoleResourceScopesInput, input);
  const where: Prisma.ApiScopeWhereInput = {
    organizationRoles: { some: { organizationRoleId: roleId } },
    ...textSearch(q, ["name", "description"]),
  };
  return paginate(
    { page, pageSize },
    {
      parent: roleAsParent(ctx.db, roleId),
      rows: (pageArgs) =>
        ctx.db.apiScope.findMany({
          where,
          select: resourceScopeSelect,
          orderBy: byResourceThenName,
          ...pageArgs,
        }),
      count: () => ctx.db.apiScope.count({ where }),
    },
  );
}

type Mode = "add" | "replace";

async function changeResourceScopes(
  ctx: ServiceContext,
  input: OrganizationRoleResourceScopesInput,
  mode: Mode,
): Promise<RoleScope[]> {
  assertCanManageTenant(ctx);
  const { roleId, scopeIds } = parseInput(organizationRoleResourceScopesInput, input);
  const ids = [...new Set(scopeIds)];
  return ctx.db.$transaction(async (tx) => {
    await assertRoleExists(tx, roleId);
    await assertResourceScopesAssignable(tx, ids);
    const diff =
      mode === "add"
        ? await roleResourceScopes.assign(tx, { organizationRoleId: roleId }, ids)
        : await roleResourceScopes.replace(tx, { organizationRoleId: roleId }, ids);
    await recordAudit(tx, ctx, {
      action:
        mode === "add"
          ? "organization_role.resource_scopes_added"
          : "organization_role.resource_scopes_replaced",
      targetType: "organization_role",
      targetId: roleId,
      data: { scopeIds: ids, added: diff.added, removed: diff.removed },
    });
    return tx.apiScope.findMany({
      where:
        mode === "add"
          ? { id: { in: ids } }
          : { organizationRoles: { some: { organizationRoleId: roleId } } },
      select: resourceScopeSelect,
      orderBy: byResourceThenName,
    });
  });
}

/**
 * Gives an organization role API resource permissions; the ones it holds stay, so adding
 * again is harmless. Every member holding the role, in every organization, gets them in
 * their next token for that API. Returns the permissions asked for.
 * @throws organization_role.not_found, organization_role.resource_scope_not_found,
 *   api_resource.management_api_protected
 */
export function addOrganizationRoleResourceScopes(
  ctx: ServiceContext,
  input: OrganizationRoleResourceScopesInput,
): Promise<RoleScope[]> {
  return changeResourceScopes(ctx, input, "add");
}

/**
 * Sets an organization role's API resource permissions to exactly these (none removes all).
 * Returns the role's permissions afterwards.
 * @throws organization_role.not_found, organization_role.resource_scope_not_found,
 *   api_resource.management_api_protected
 */
export function replaceOrganizationRoleResourceScopes(
  ctx: ServiceContext,
  input: OrganizationRoleResourceScopesInput,
): Promise<RoleScope[]> {
  return changeResourceScopes(ctx, input, "replace");
}

/**
 * Takes one API resource permission from an organization role; members holding the role
 * lose it from their next token on.
 * @throws organization_role.not_found, organization_role.not_assigned
 */
export async function removeOrganizationRoleResourceScope(
  ctx: ServiceContext,
  input: RemoveOrganizationRoleResourceScopeInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { roleId, scopeId } = parseInput(removeOrganizationRoleResourceScopeInput, input);
  await ctx.db.$transaction(async (tx) => {
    await assertRoleExists(tx, roleId);
    await roleResourceScopes.remove(tx, { organizationRoleId: roleId }, scopeId, () =>
      notAssigned(`The role does not hold the API resource permission "${scopeId}".`, {
        roleId,
        scopeId,
      }),
    );
    await recordAudit(tx, ctx, {
      action: "organization_role.resource_scope_removed",
      targetType: "organization_role",
      targetId: roleId,
      data: { scopeId },
    });
  });
}
