import type { Prisma } from "@guildhall/db";
import {
  listMembersInput,
  type ListMembersInput,
  type Member,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { pageArgs } from "../shared/paginate.ts";
import { userSearch } from "../users/select.ts";
import { assertOrganizationExists } from "./lookups.ts";
import { memberSelect, toMember } from "./select.ts";

/**
 * An organization's members with their roles, in the order they joined. `q` searches
 * email, name or id; `organizationRoleId` keeps members holding that role.
 *
 * One page is a handful of indexed lookups whatever the organization's size: the page of
 * memberships (primary key prefix), then its users, role links and roles by key, plus the
 * count.
 * @throws organization.not_found
 */
export async function listMembers(
  ctx: ServiceContext,
  input: ListMembersInput,
): Promise<Paginated<Member>> {
  assertCanManageTenant(ctx);
  const { organizationId, q, organizationRoleId, page, pageSize } = parseInput(
    listMembersInput,
    input,
  );
  const where: Prisma.OrganizationMemberWhereInput = {
    organizationId,
    ...(q ? { user: userSearch(q) } : {}),
    ...(organizationRoleId ? { roles: { some: { roleId: organizationRoleId } } } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.organizationMember.findMany({
      where,
      select: memberSelect,
      orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
      ...pageArgs({ page, pageSize }),
    }),
    ctx.db.organizationMember.count({ where }),
  ]);
  // An empty result may mean there is no such organization; only then is it worth asking.
  if (total === 0) await assertOrganizationExists(ctx.db, organizationId);
  return { items: rows.map(toMember), total, page, pageSize };
}
