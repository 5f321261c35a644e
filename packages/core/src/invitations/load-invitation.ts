import { BUILT_IN_PERMISSIONS, type BuiltInPermission } from "@guildhall/validators";
import type { Actor, ServiceContext } from "../context.ts";
import { assertAdminOrManagementApi, assertCanManageTenant } from "../context.ts";
import { authorizeInOrganization } from "../organization-access/authorize-in-organization.ts";
import { invitationNotFound, invitationSelect, type InvitationRow } from "./select.ts";

/**
 * Whether the caller may see console invitations at all. Collaborators see organization
 * invitations only (console invitations are for admins), and the Management API never
 * sees them: console membership is not part of the Management API, so for it a console
 * invitation does not exist.
 */
export function seesConsoleInvitations(actor: Actor): boolean {
  switch (actor.type) {
    case "console":
      return actor.role === "admin";
    case "management_api":
      return false;
    case "system":
    case "user":
      return true;
  }
}

/**
 * Loads an invitation for an admin read or action: tenant managers; console invitations
 * only for console admins (and read as not found by the Management API); a member of the
 * invitation's organization holding `permission` (console invitations do not exist for them).
 * @throws auth.forbidden, invitation.not_found
 */
export async function loadInvitationForAdmin(
  ctx: ServiceContext,
  id: string,
  permission: BuiltInPermission = BUILT_IN_PERMISSIONS.invitationsManage,
): Promise<InvitationRow> {
  if (ctx.actor.type === "user") {
    const row = await ctx.db.organizationInvitation.findUnique({
      where: { id },
      select: invitationSelect,
    });
    if (!row?.organizationId) throw invitationNotFound(id);
    await authorizeInOrganization(ctx, row.organizationId, permission);
    return row;
  }
  assertCanManageTenant(ctx);
  const row = await ctx.db.organizationInvitation.findUnique({
    where: { id },
    select: invitationSelect,
  });
  if (!row) throw invitationNotFound(id);
  if (!row.organizationId) {
    if (ctx.actor.type === "management_api") throw invitationNotFound(id);
    assertAdminOrManagementApi(ctx);
  }
  return row;
}
