import type { Prisma } from "@guildhall/db";
import {
  listOrganizationPermissionsInput,
  type ListOrganizationPermissionsInput,
  type OrganizationPermission,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { textSearch } from "../shared/search.ts";
import { organizationPermissionSelect } from "./select.ts";

/** Template permissions, searched by name or description, ordered by name. */
export async function listOrganizationPermissions(
  ctx: ServiceContext,
  input: ListOrganizationPermissionsInput = {},
): Promise<Paginated<OrganizationPermission>> {
  assertCanManageTenant(ctx);
  const { q, page, pageSize } = parseInput(listOrganizationPermissionsInput, input);
  const where: Prisma.OrganizationPermissionWhereInput = textSearch(q, ["name", "description"]);
  return paginate(
    { page, pageSize },
    {
      rows: (pageArgs) =>
        ctx.db.organizationPermission.findMany({
          where,
          select: organizationPermissionSelect,
          orderBy: [{ name: "asc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.organizationPermission.count({ where }),
    },
  );
}
