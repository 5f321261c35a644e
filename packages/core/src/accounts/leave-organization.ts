import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import { leaveOrganizationInput, type LeaveOrganizationInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { organizationNotFound } from "../organizations/select.ts";
import { parseInput } from "../parse.ts";
import { selfUserId } from "./self.ts";

/**
 * The organization role that makes someone an organization's admin, by name: until
 * Guildhall has built-in `guildhall:*` organization permissions, "admin" is the role the
 * template and the seed give to whoever runs an organization.
 */
export const ORGANIZATION_ADMIN_ROLE = "admin";

const orgs = sqlTable("Organization");
const LOCK_ORGANIZATION_SQL = prismaStatement(
  `SELECT ${orgs.col.id} FROM ${orgs.ref} WHERE ${orgs.col.id} = $1 FOR UPDATE`,
);

/**
 * The user leaves an organization (account page). Refused for its last admin while other
 * members remain: they would be left with nobody to manage them. The last member may
 * leave (nobody is left behind). The organization row is locked, so two admins leaving at
 * once cannot both pass as "not the last".
 * @throws organization.last_admin, member.not_found, organization.not_found, auth.forbidden
 */
export async function leaveOrganization(
  ctx: ServiceContext,
  input: LeaveOrganizationInput,
): Promise<void> {
  const userId = selfUserId(ctx);
  const { organizationId } = parseInput(leaveOrganizationInput, input);
  await ctx.db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>(LOCK_ORGANIZATION_SQL, organizationId);
    if (locked.length === 0) throw organizationNotFound(organizationId);
    const membership = await tx.organizationMember.findUnique({
      where: { organizationId_userId: { organizationId, userId } },
      select: { roles: { select: { role: { select: { name: true } } } } },
    });
    if (!membership) {
      throw new DomainError("member.not_found", "You are not a member of this organization.", {
        organizationId,
        userIds: [userId],
      });
    }
    if (membership.roles.some((r) => r.role.name === ORGANIZATION_ADMIN_ROLE)) {
      const others = { organizationId, userId: { not: userId } };
      const otherAdmins = await tx.organizationMemberRole.count({
        where: { ...others, role: { name: ORGANIZATION_ADMIN_ROLE } },
      });
      const otherMembers = await tx.organizationMember.count({ where: others });
      if (otherAdmins === 0 && otherMembers > 0) {
        throw new DomainError(
          "organization.last_admin",
          "You are the last admin of this organization. Make another member an admin before you leave.",
          { organizationId },
        );
      }
    }
    await tx.organizationMember.delete({
      where: { organizationId_userId: { organizationId, userId } },
    });
    await recordAudit(tx, ctx, {
      action: "member.left",
      targetType: "member",
      targetId: userId,
      organizationId,
    });
  });
}
