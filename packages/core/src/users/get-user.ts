import { userRef, type User, type UserRef } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { toUser, userSelect } from "./select.ts";

/** @throws user.not_found */
export async function getUser(ctx: ServiceContext, input: UserRef): Promise<User> {
  assertCanManageTenant(ctx);
  const { id } = parseInput(userRef, input);
  const row = await ctx.db.user.findUnique({ where: { id }, select: userSelect });
  if (!row) throw userNotFound(id);
  return toUser(row);
}

export function userNotFound(id: string) {
  return new DomainError("user.not_found", `No user has id "${id}".`, { id });
}

// Kept here for its many importers; the identifier rules live in identifiers.ts.
export { emailTaken } from "./identifiers.ts";
