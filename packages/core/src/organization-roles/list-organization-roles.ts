import type { Prisma } from "@guildhall/db";
import {
  listOrganizationRolesInput,
  type ListOrganizationRolesInput,
  type OrganizationRoleWithPermissions,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { textSearch } from "../shared/search.ts";
import { organizationRoleSelect, toOrganizationRole } from "./select.ts";

/** Template roles with their permissions, searched by name/description, ordered by name. */
export async function listOrganizationRoles(
  ctx: ServiceContext,
  input: ListOrganizationRolesInput = {},
): Promise<Paginated<OrganizationRoleWithPermissions>> {
  assertCanManageTenant(ctx);
  const { q, type, page, pageSize } = parseInput(listOrganizationRolesInput, input);
  const where: Prisma.OrganizationRoleWhereInput = {
    ...(type ? { type } : {}),
    ...textSearch(q, ["name", "description"]),
  };
  return paginate(
    { page, pageSize },
    {
      rows: (pageArgs) =>
        ctx.db.organizationRole.findMany({
          where,
          select: organizationRoleSelect,
          orderBy: [{ name: "asc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.organizationRole.count({ where }),
      toItem: toOrganizationRole,
    },
  );
}
