import type { Prisma } from "@guildhall/db";
import {
  listOrganizationRolesInput,
  type ListOrganizationRolesInput,
  type OrganizationRoleWithPermissions,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { pageArgs } from "../shared/paginate.ts";
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
    ...(q
      ? {
          OR: [
            { name: { contains: q, mode: "insensitive" } },
            { description: { contains: q, mode: "insensitive" } },
            { id: q },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.organizationRole.findMany({
      where,
      select: organizationRoleSelect,
      orderBy: [{ name: "asc" }],
      ...pageArgs({ page, pageSize }),
    }),
    ctx.db.organizationRole.count({ where }),
  ]);
  return { items: rows.map(toOrganizationRole), total, page, pageSize };
}
