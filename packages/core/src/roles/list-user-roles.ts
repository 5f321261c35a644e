import {
  listUserRolesInput,
  type ListUserRolesInput,
  type Paginated,
  type Role,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "../users/get-user.ts";
import { paginateRoles } from "./list-roles.ts";

/** A user's global roles, by name. @throws user.not_found */
export async function listUserRoles(
  ctx: ServiceContext,
  input: ListUserRolesInput,
): Promise<Paginated<Role>> {
  assertCanManageTenant(ctx);
  const { userId, page, pageSize } = parseInput(listUserRolesInput, input);
  return paginateRoles(
    ctx,
    { users: { some: { userId } } },
    { page, pageSize },
    {
      find: () => ctx.db.user.findUnique({ where: { id: userId }, select: { id: true } }),
      notFound: () => userNotFound(userId),
    },
  );
}
