import { memberRef, type MemberRef, type OrganizationRole } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { memberNotFound } from "./lookups.ts";
import { heldRolesSelect } from "./select.ts";

/**
 * The organization roles a member holds in this organization, by name.
 * @throws member.not_found, organization.not_found
 */
export async function getMemberRoles(
  ctx: ServiceContext,
  input: MemberRef,
): Promise<OrganizationRole[]> {
  assertCanManageTenant(ctx);
  const { organizationId, userId } = parseInput(memberRef, input);
  const member = await ctx.db.organizationMember.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { roles: heldRolesSelect },
  });
  if (!member) throw await memberNotFound(ctx.db, organizationId, [userId]);
  return member.roles.map((r) => r.role);
}
