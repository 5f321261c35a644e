import type { MemberRolesInput } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { changeMemberRoles } from "./change-member-roles.ts";

/**
 * Gives a member organization roles, by id and/or by name. Roles the member already holds
 * are left as they are, so calling this twice is harmless.
 * @throws member.not_found, organization.not_found, member.role_not_found, member.role_type_mismatch
 */
export async function assignMemberRoles(
  ctx: ServiceContext,
  input: MemberRolesInput,
): Promise<void> {
  await changeMemberRoles(ctx, input, "assign", ({ added }) =>
    added.length ? { action: "member.roles_assigned", data: { organizationRoleIds: added } } : null,
  );
}
