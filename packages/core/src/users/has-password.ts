import { userIdInput, type UserIdInput } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "./get-user.ts";

/**
 * Whether the user can sign in with a password (users created by invitation or without one
 * may have none yet). Says nothing about the password itself.
 * @throws user.not_found
 */
export async function hasPassword(ctx: ServiceContext, input: UserIdInput): Promise<boolean> {
  assertCanManageTenant(ctx);
  const { userId } = parseInput(userIdInput, input);
  const row = await ctx.db.user.findUnique({
    where: { id: userId },
    select: { passwordHash: true },
  });
  if (!row) throw userNotFound(userId);
  return row.passwordHash !== null;
}
