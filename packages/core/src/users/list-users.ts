import {
  listUsersInput,
  type ListUsersInput,
  type Paginated,
  type User,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { toUser, userSearch, userSelect } from "./select.ts";

/** The user pool, newest first, searched by email, username, phone, name or id (`userSearch`). */
export async function listUsers(
  ctx: ServiceContext,
  input: ListUsersInput = {},
): Promise<Paginated<User>> {
  assertCanManageTenant(ctx);
  const { q, page, pageSize } = parseInput(listUsersInput, input);
  const where = userSearch(q);
  return paginate(
    { page, pageSize },
    {
      rows: (pageArgs) =>
        ctx.db.user.findMany({
          where,
          select: userSelect,
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.user.count({ where }),
      toItem: toUser,
    },
  );
}
