import type { Prisma } from "@guildhall/db";
import {
  listRolesInput,
  type ListRolesInput,
  type Paginated,
  type Role,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { pageArgs } from "../shared/paginate.ts";
import { roleSelect, toRole } from "./select.ts";

/** Global roles by name, searched by part of the name or description (any case) or the exact id, optionally of one type. */
export async function listRoles(
  ctx: ServiceContext,
  input: ListRolesInput = {},
): Promise<Paginated<Role>> {
  assertCanManageTenant(ctx);
  const { q, type, page, pageSize } = parseInput(listRolesInput, input);
  const where: Prisma.RoleWhereInput = {
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
    ctx.db.role.findMany({
      where,
      select: roleSelect,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      ...pageArgs({ page, pageSize }),
    }),
    ctx.db.role.count({ where }),
  ]);
  return { items: rows.map(toRole), total, page, pageSize };
}
