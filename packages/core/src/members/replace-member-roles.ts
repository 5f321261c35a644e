import type { MemberRolesInput } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { changeMemberRoles } from "./change-member-roles.ts";

/**
 * Makes a member's roles in this organization exactly the given ones (by id and/or name);
 * empty lists remove them all.
 * @throws member.not_found, organization.not_found, member.role_not_found, member.role_type_mismatch
 */
export async function replaceMemberRoles(
  ctx: ServiceContext,
  input: MemberRolesInput,
): Promise<void> {
  await changeMemberRoles(ctx, input, "replace", ({ added, removed }) =>
    added.length || removed.length
      ? { action: "member.roles_replaced", data: { added, removed } }
      : null,
  );
}
