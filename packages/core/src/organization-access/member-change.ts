import type { Prisma } from "@guildhall/db";
import type { BuiltInPermission } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { DomainError, isDomainError } from "../errors.ts";
import {
  authorizeInOrganization,
  type ANY_MEMBER,
  type OrganizationAccess,
} from "./authorize-in-organization.ts";
import { assertRoleManagerRemains, countRoleManagers, lockOrganization } from "./role-managers.ts";

/**
 * Runs a change to an organization's members in one transaction. For a member acting in
 * their own organization it also: locks the organization (member changes queue), checks
 * `permission` after the lock (so a demotion committed a moment ago counts), and refuses the
 * change if it would leave nobody able to hand out roles. Tenant managers run it as is.
 * @throws auth.forbidden, organization.last_admin
 */
export async function runMemberChange<T>(
  ctx: ServiceContext,
  organizationId: string,
  permission: BuiltInPermission | typeof ANY_MEMBER,
  change: (tx: Prisma.TransactionClient, access: OrganizationAccess) => Promise<T>,
): Promise<T> {
  return ctx.db.$transaction(async (tx) => {
    if (ctx.actor.type !== "user") return change(tx, { organizationId, member: null });
    try {
      await lockOrganization(tx, organizationId);
    } catch (error) {
      // The same answer as for an organization the caller is not a member of.
      if (isDomainError(error) && error.code === "organization.not_found")
        throw new DomainError("auth.forbidden", "You are not a member of this organization.");
      throw error;
    }
    const access = await authorizeInOrganization(ctx, organizationId, permission, tx);
    const before = await countRoleManagers(tx, organizationId);
    const result = await change(tx, access);
    await assertRoleManagerRemains(tx, organizationId, before);
    return result;
  });
}
