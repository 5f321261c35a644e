import {
  BUILT_IN_PERMISSIONS,
  listMembershipRequestsInput,
  type ListMembershipRequestsInput,
  type MembershipRequest,
  type Paginated,
} from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { authorizeInOrganization } from "../organization-access/authorize-in-organization.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { membershipRequestSelect, toMembershipRequest } from "./select.ts";

/**
 * An organization's membership requests, oldest first (pending ones by default order of
 * arrival). Tenant managers, or members holding `guildhall:members:invite`.
 * @throws auth.forbidden
 */
export async function listMembershipRequests(
  ctx: ServiceContext,
  input: ListMembershipRequestsInput,
): Promise<Paginated<MembershipRequest>> {
  const { organizationId, status, page, pageSize } = parseInput(listMembershipRequestsInput, input);
  await authorizeInOrganization(ctx, organizationId, BUILT_IN_PERMISSIONS.membersInvite);
  const where = { organizationId, ...(status ? { status } : {}) };
  return paginate(
    { page, pageSize },
    {
      rows: (p) =>
        ctx.db.organizationMembershipRequest.findMany({
          where,
          select: membershipRequestSelect,
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          ...p,
        }),
      count: () => ctx.db.organizationMembershipRequest.count({ where }),
      toItem: toMembershipRequest,
    },
  );
}
