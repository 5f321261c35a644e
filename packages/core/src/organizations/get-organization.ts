import { id as idSchema, type OrganizationWithCounts } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { organizationNotFound, organizationSelect, toOrganization } from "./select.ts";

/** @throws organization.not_found */
export async function getOrganization(ctx: ServiceContext, { id }: { id: string }): Promise<OrganizationWithCounts> {
  assertCanManageTenant(ctx);
  const organizationId = parseInput(idSchema, id);
  const row = await ctx.db.organization.findUnique({
    where: { id: organizationId },
    select: { ...organizationSelect, _count: { select: { members: true } } },
  });
  if (!row) throw organizationNotFound(organizationId);
  const { _count, ...rest } = row;
  return { ...toOrganization(rest), memberCount: _count.members };
}
