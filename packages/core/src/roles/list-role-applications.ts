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
import { paginate } from "../shared/paginate.ts";
import { textSearch } from "../shared/search.ts";
import { roleAsParent } from "./select.ts";

/** The applications holding a role, by name; `q` matches part of the name or the exact id. @throws role.not_found */
export async function listRoleApplications(
  ctx: ServiceContext,
  input: ListRoleHoldersInput,
): Promise<Paginated<Application>> {
  assertCanManageTenant(ctx);
  const { roleId, q, page, pageSize } = parseInput(listRoleHoldersInput, input);
  const where: Prisma.ApplicationWhereInput = {
    roles: { some: { roleId } },
    ...textSearch(q, ["name"]),
  };
  return paginate(
    { page, pageSize },
    {
      parent: roleAsParent(ctx.db, roleId),
      rows: (pageArgs) =>
        ctx.db.application.findMany({
          where,
          select: applicationSelect,
          orderBy: [{ name: "asc" }, { id: "asc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.application.count({ where }),
    },
  );
}
