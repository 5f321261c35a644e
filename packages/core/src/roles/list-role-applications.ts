import type { Prisma } from "@guildhall/db";
import {
  listRoleHoldersInput,
  type Application,
  type ListRoleHoldersInput,
  type Paginated,
} from "@guildhall/validators";
import { applicationSelect } from "../applications/select.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { pageArgs } from "../shared/paginate.ts";
import { roleNotFound } from "./select.ts";

/** The applications holding a role, by name; `q` matches part of the name or the exact id. @throws role.not_found */
export async function listRoleApplications(
  ctx: ServiceContext,
  input: ListRoleHoldersInput,
): Promise<Paginated<Application>> {
  assertCanManageTenant(ctx);
  const { roleId, q, page, pageSize } = parseInput(listRoleHoldersInput, input);
  const where: Prisma.ApplicationWhereInput = {
    roles: { some: { roleId } },
    ...(q ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { id: q }] } : {}),
  };
  const [role, items, total] = await Promise.all([
    ctx.db.role.findUnique({ where: { id: roleId }, select: { id: true } }),
    ctx.db.application.findMany({
      where,
      select: applicationSelect,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      ...pageArgs({ page, pageSize }),
    }),
    ctx.db.application.count({ where }),
  ]);
  if (!role) throw roleNotFound(roleId);
  return { items, total, page, pageSize };
}
