import type { Prisma } from "@guildhall/db";
import {
  listOrganizationsInput,
  type ListOrganizationsInput,
  type OrganizationWithCounts,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { pageArgs } from "../shared/paginate.ts";
import { organizationSelect, toOrganization } from "./select.ts";

/**
 * Organizations, newest first, with member counts. `q` matches a name prefix
 * (case-insensitive) or an exact id.
 */
export async function listOrganizations(
  ctx: ServiceContext,
  input: ListOrganizationsInput = {},
): Promise<Paginated<OrganizationWithCounts>> {
  assertCanManageTenant(ctx);
  const { q, page, pageSize } = parseInput(listOrganizationsInput, input);
  const where: Prisma.OrganizationWhereInput = q
    ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { id: q }] }
    : {};
  const [rows, total] = await Promise.all([
    ctx.db.organization.findMany({
      where,
      select: { ...organizationSelect, _count: { select: { members: true } } },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      ...pageArgs({ page, pageSize }),
    }),
    ctx.db.organization.count({ where }),
  ]);
  return {
    items: rows.map(({ _count, ...row }) => ({ ...toOrganization(row), memberCount: _count.members })),
    total,
    page,
    pageSize,
  };
}
