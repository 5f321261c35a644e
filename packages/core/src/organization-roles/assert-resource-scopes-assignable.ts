import type { Prisma } from "@guildhall/db";
import { managementApiScopeWhere } from "../api-resources/select.ts";
import { DomainError } from "../errors.ts";

/**
 * Checks API resource permission ids before an organization role is given them: every id
 * must exist, and none may be the Management API's permission (full Management API access
 * is given only through the built-in global role, by console admins; an organization role
 * would let anyone who manages the template hand it out).
 * @throws organization_role.resource_scope_not_found (with the missing ids),
 *   api_resource.management_api_protected
 */
export async function assertResourceScopesAssignable(
  tx: Prisma.TransactionClient,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const found = await tx.apiScope.findMany({
    where: { id: { in: unique } },
    select: {
      id: true,
      resource: {
        select: { scopes: { where: managementApiScopeWhere, select: { id: true }, take: 1 } },
      },
    },
  });
  if (found.length !== unique.length) {
    const known = new Set(found.map((s) => s.id));
    const missing = unique.filter((id) => !known.has(id));
    throw new DomainError(
      "organization_role.resource_scope_not_found",
      `Unknown API resource permission id(s): ${missing.join(", ")}.`,
      { missing },
    );
  }
  const managementApi = found.filter((s) => s.resource.scopes.length > 0).map((s) => s.id);
  if (managementApi.length > 0) {
    throw new DomainError(
      "api_resource.management_api_protected",
      "The Management API's permission cannot be given to an organization role: Management API access is granted only through the built-in Management API access role.",
      { scopeIds: managementApi },
    );
  }
}
