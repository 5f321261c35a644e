import type { Prisma } from "@guildhall/db";
import {
  listOrganizationPermissionsInput,
  type ListOrganizationPermissionsInput,
  type OrganizationPermission,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { pageArgs } from "../shared/paginate.ts";
import { organizationPermissionSelect } from "./select.ts";

/** Template permissions, searched by name or description, ordered by name. */
export async function listOrganizationPermissions(
  ctx: ServiceContext,
  input: ListOrganizationPermissionsInput = {},
): Promise<Paginated<OrganizationPermission>> {
  assertCanManageTenant(ctx);
  const { q, page, pageSize } = parseInput(listOrganizationPermissionsInput, input);
  const where: Prisma.OrganizationPermissionWhereInput = q
    ? {
        OR: [
          { name: { contains: q, mode: "insensitive" } },
          { description: { contains: q, mode: "insensitive" } },
          { id: q },
        ],
      }
    : {};
  const [items, total] = await Promise.all([
    ctx.db.organizationPermission.findMany({
      where,
      select: organizationPermissionSelect,
      orderBy: [{ name: "asc" }],
      ...pageArgs({ page, pageSize }),
    }),
    ctx.db.organizationPermission.count({ where }),
  ]);
  return { items, total, page, pageSize };
}
