import { userRef, type UserOrganization, type UserRef } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { memberRolesSelect } from "../members/select.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "./get-user.ts";

/**
 * The organizations a user belongs to, in the order they joined, each with the
 * organization roles the user holds there.
 * @throws user.not_found
 */
export async function getUserOrganizations(
  ctx: ServiceContext,
  input: UserRef,
): Promise<UserOrganization[]> {
  assertCanManageTenant(ctx);
  const { id } = parseInput(userRef, input);
  const user = await ctx.db.user.findUnique({
    where: { id },
    select: {
      memberships: {
        select: {
          createdAt: true,
          organization: { select: { id: true, name: true, description: true } },
          roles: memberRolesSelect,
        },
        orderBy: [{ createdAt: "asc" }, { organizationId: "asc" }],
      },
    },
  });
  if (!user) throw userNotFound(id);
  return user.memberships.map((m) => ({
    ...m.organization,
    organizationRoles: m.roles.map((r) => r.role),
    joinedAt: m.createdAt,
  }));
}
