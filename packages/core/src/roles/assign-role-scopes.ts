import {
  assignRoleScopesInput,
  type AssignRoleScopesInput,
  type RoleScope,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { managementApiScopeWhere } from "../api-resources/select.ts";
import { loadChangeableRole } from "./load-role.ts";
import { roleScopes } from "./relations.ts";
import { managementApiRoleProtected, missingIds, roleScopeSelect, toRoleScope } from "./select.ts";

/**
 * Gives a role API permissions (of any API resources); permissions it already holds are
 * kept, so assigning again is harmless. Its holders get them in their next token.
 * Returns the permissions asked for.
 * The Management API's own permission stays with the built-in role: another role holding
 * it would let collaborators hand out full Management API access, which is admin-only.
 * @throws role.not_found, role.management_api_protected, role.scope_not_found
 */
export async function assignRoleScopes(
  ctx: ServiceContext,
  input: AssignRoleScopesInput,
): Promise<RoleScope[]> {
  assertCanManageTenant(ctx);
  const { roleId, scopeIds } = parseInput(assignRoleScopesInput, input);
  const ids = [...new Set(scopeIds)];
  return ctx.db.$transaction(async (tx) => {
    await loadChangeableRole(tx, roleId);
    const scopes = await tx.apiScope.findMany({
      where: { id: { in: ids } },
      select: roleScopeSelect,
      orderBy: [{ name: "asc" }],
    });
    const missing = missingIds(ids, scopes);
    if (missing.length) {
      throw new DomainError(
        "role.scope_not_found",
        `Unknown API permission id(s): ${missing.join(", ")}.`,
        { missing },
      );
    }
    const managementApi = await tx.apiScope.count({
      where: { id: { in: ids }, resource: { scopes: { some: managementApiScopeWhere } } },
    });
    if (managementApi > 0) throw managementApiRoleProtected(roleId);
    await roleScopes.assign(tx, { roleId }, ids);
    await recordAudit(tx, ctx, {
      action: "role.scopes_assigned",
      targetType: "role",
      targetId: roleId,
      data: { scopeIds: ids },
    });
    return scopes.map(toRoleScope);
  });
}
