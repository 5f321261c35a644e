import { userIdInput, type AccountAccess, type UserIdInput } from "@guildhall/validators";
import { mayManageAccount } from "../console-members/protect-admin-accounts.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "./get-user.ts";

/**
 * What the caller may do to this account's credentials (password, reset link, second
 * factors), so the console can disable the actions core would refuse and say why.
 * @throws user.not_found
 */
export async function getAccountAccess(
  ctx: ServiceContext,
  input: UserIdInput,
): Promise<AccountAccess> {
  assertCanManageTenant(ctx);
  const { userId } = parseInput(userIdInput, input);
  const exists = await ctx.db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!exists) throw userNotFound(userId);
  return { mayManageCredentials: await mayManageAccount(ctx.db, ctx, userId) };
}
