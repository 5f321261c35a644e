import {
  removeRolePermissionInput,
  rolePermissionsInput,
  type OrganizationRoleWithPermissions,
  type RemoveRolePermissionInput,
  type RolePermissionsInput,
} from "@guildhall/validators";
import type { Prisma } from "@guildhall/db";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { assertPermissionsExist } from "./assert-permissions-exist.ts";
import { rolePermissions } from "./relations.ts";
import { notAssigned, organizationRoleSelect, roleNotFound, toOrganizationRole } from "./select.ts";

type Mode = "add" | "replace" | "remove";

/**
 * The names of the permissions a change took away from a role, for its audit entry and so its
 * `OrganizationRole.Scopes.Updated` event: token freshness monitors refuse tokens issued before
 * the change that still carry one of them (org-token's `createMembershipFreshness`).
 */
async function removedPermissions(
  tx: Prisma.TransactionClient,
  ids: readonly string[],
): Promise<{ removedPermissions?: string[] }> {
  if (ids.length === 0) return {};
  const rows = await tx.organizationPermission.findMany({
    where: { id: { in: [...ids] } },
    select: { name: true },
    orderBy: { name: "asc" },
  });
  return { removedPermissions: rows.map((r) => r.name) };
}

/**
 * Changes a role's permissions. This is the template's whole point: a handful of rows
 * change here, and every member holding the role in every organization sees the new set
 * on their next read or token — there are no per-organization writes.
 */
async function changeRolePermissions(
  ctx: ServiceContext,
  input: RolePermissionsInput,
  mode: Mode,
): Promise<OrganizationRoleWithPermissions> {
  assertCanManageTenant(ctx);
  const { roleId, permissionIds } = parseInput(rolePermissionsInput, input);
  const ids = [...new Set(permissionIds)];
  return ctx.db.$transaction(async (tx) => {
    const exists = await tx.organizationRole.findUnique({
      where: { id: roleId },
      select: { id: true },
    });
    if (!exists) throw roleNotFound(roleId);
    if (mode !== "remove") await assertPermissionsExist(tx, ids);
    // Idempotent: adding a permission the role already has, or removing one it does not
    // have, is not an error; the audit entry records what was asked.
    const diff =
      mode === "add"
        ? await rolePermissions.assign(tx, { roleId }, ids)
        : mode === "replace"
          ? await rolePermissions.replace(tx, { roleId }, ids)
          : await rolePermissions.removeEach(tx, { roleId }, ids);
    await recordAudit(tx, ctx, {
      action: `organization_role.permissions_${mode === "add" ? "added" : mode === "replace" ? "replaced" : "removed"}`,
      targetType: "organization_role",
      targetId: roleId,
      data: { permissionIds: ids, ...(await removedPermissions(tx, diff.removed)) },
    });
    const role = await tx.organizationRole.findUniqueOrThrow({
      where: { id: roleId },
      select: organizationRoleSelect,
    });
    return toOrganizationRole(role);
  });
}

/** Adds permissions to a role (existing ones are kept). @throws organization_role.not_found, organization_role.permission_not_found */
export function addRolePermissions(ctx: ServiceContext, input: RolePermissionsInput) {
  return changeRolePermissions(ctx, input, "add");
}

/** Sets a role's permissions to exactly this list. */
export function replaceRolePermissions(ctx: ServiceContext, input: RolePermissionsInput) {
  return changeRolePermissions(ctx, input, "replace");
}

/** Removes permissions from a role; ids it does not hold are ignored. */
export function removeRolePermissions(ctx: ServiceContext, input: RolePermissionsInput) {
  return changeRolePermissions(ctx, input, "remove");
}

/**
 * Removes one permission the role holds (Logto's `DELETE .../scopes/{id}`): unlike
 * {@link removeRolePermissions}, a permission the role does not hold is an error.
 * @throws organization_role.not_found, organization_role.not_assigned
 */
export async function removeRolePermission(
  ctx: ServiceContext,
  input: RemoveRolePermissionInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { roleId, permissionId } = parseInput(removeRolePermissionInput, input);
  await ctx.db.$transaction(async (tx) => {
    const exists = await tx.organizationRole.findUnique({
      where: { id: roleId },
      select: { id: true },
    });
    if (!exists) throw roleNotFound(roleId);
    const diff = await rolePermissions.remove(tx, { roleId }, permissionId, () =>
      notAssigned(`The role does not hold the permission "${permissionId}".`, {
        roleId,
        permissionId,
      }),
    );
    await recordAudit(tx, ctx, {
      action: "organization_role.permissions_removed",
      targetType: "organization_role",
      targetId: roleId,
      data: { permissionIds: [permissionId], ...(await removedPermissions(tx, diff.removed)) },
    });
  });
}
