import type { Prisma } from "@guildhall/db";
import {
  listRoleHoldersInput,
  type ListRoleHoldersInput,
  type Paginated,
  type User,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { toUser, userSearch, userSelect } from "../users/select.ts";
import { roleAsParent } from "./select.ts";

/** The users holding a role, by email; `q` matches part of the email, username, phone or name, or the exact id. @throws role.not_found */
export async function listRoleUsers(
  ctx: ServiceContext,
  input: ListRoleHoldersInput,
): Promise<Paginated<User>> {
  assertCanManageTenant(ctx);
  const { roleId, q, page, pageSize } = parseInput(listRoleHoldersInput, input);
  const where: Prisma.UserWhereInput = { roles: { some: { roleId } }, ...userSearch(q) };
  return paginate(
    { page, pageSize },
    {
      parent: roleAsParent(ctx.db, roleId),
      rows: (pageArgs) =>
        ctx.db.user.findMany({
          where,
          select: userSelect,
          orderBy: [{ email: "asc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.user.count({ where }),
      toItem: toUser,
    },
  );
}
