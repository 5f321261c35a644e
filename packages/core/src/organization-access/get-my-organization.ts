import { organizationRef, type MyOrganization, type OrganizationRef } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { ANY_MEMBER, authorizeInOrganization } from "./authorize-in-organization.ts";
import { listMyOrganizations } from "./list-my-organizations.ts";

/**
 * One of the caller's organizations, with their roles and permissions there: what the hosted
 * portal shows and which of its sections it opens. Refused (403, the same as for an unknown
 * organization) when the caller is not a member.
 * @throws auth.forbidden, user.suspended
 */
export async function getMyOrganization(
  ctx: ServiceContext,
  input: OrganizationRef,
): Promise<MyOrganization> {
  const { organizationId } = parseInput(organizationRef, input);
  await authorizeInOrganization(ctx, organizationId, ANY_MEMBER);
  // A user's memberships are few: the switcher's one query, narrowed here.
  const mine = await listMyOrganizations(ctx);
  const found = mine.find((o) => o.id === organizationId);
  // Only when the membership ended between the two reads.
  if (!found) throw new DomainError("auth.forbidden", "You are not a member of this organization.");
  return found;
}
