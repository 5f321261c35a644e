import {
  listOrganizationsInput,
  type ListOrganizationsInput,
  type OrganizationWithCounts,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { prefixPattern } from "../shared/like.ts";
import { pageArgs } from "../shared/paginate.ts";
import { organizationSelect, toOrganization } from "./select.ts";

const select = { ...organizationSelect, _count: { select: { members: true } } };

/**
 * Organizations, newest first, with member counts. `q` matches a name prefix
 * (case-insensitive, served by the lower(name) index) or an exact id.
 */
export async function listOrganizations(
  ctx: ServiceContext,
  input: ListOrganizationsInput = {},
): Promise<Paginated<OrganizationWithCounts>> {
  assertCanManageTenant(ctx);
  const { q, page, pageSize } = parseInput(listOrganizationsInput, input);
  const { skip, take } = pageArgs({ page, pageSize });
  let rows;
  let total: number;
  if (q) {
    const pattern = prefixPattern(q.toLowerCase());
    const [ids, counts] = await Promise.all([
      ctx.db.$queryRaw<{ id: string }[]>`
        SELECT id FROM organizations WHERE lower(name) LIKE ${pattern} OR id = ${q}
        ORDER BY "createdAt" DESC, id ASC LIMIT ${take} OFFSET ${skip}`,
      ctx.db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM organizations WHERE lower(name) LIKE ${pattern} OR id = ${q}`,
    ]);
    const found = await ctx.db.organization.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select });
    const byId = new Map(found.map((o) => [o.id, o]));
    rows = ids.flatMap((r) => byId.get(r.id) ?? []);
    total = Number(counts[0]?.n ?? 0);
  } else {
    [rows, total] = await Promise.all([
      ctx.db.organization.findMany({ select, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip, take }),
      ctx.db.organization.count(),
    ]);
  }
  return {
    items: rows.map(({ _count, ...row }) => ({ ...toOrganization(row), memberCount: _count.members })),
    total,
    page,
    pageSize,
  };
}
