import { verifyUserPasswordInput, type VerifyUserPasswordInput } from "@guildhall/validators";
import { verifyPassword } from "../auth/password.ts";
import { assertMayManageAccount } from "../console-members/protect-admin-accounts.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "./get-user.ts";

/**
 * Checks a password against the user's, for the Management API (an app that keeps its own
 * password prompt). A collaborator may not test guesses against a console admin's password:
 * that would be a way to their credential.
 * @throws user.not_found, password.not_set, password.incorrect
 */
export async function verifyUserPassword(
  ctx: ServiceContext,
  input: VerifyUserPasswordInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { userId, password } = parseInput(verifyUserPasswordInput, input);
  const row = await ctx.db.user.findUnique({
    where: { id: userId },
    select: { passwordHash: true },
  });
  if (!row) throw userNotFound(userId);
  await assertMayManageAccount(ctx.db, ctx, userId);
  if (!row.passwordHash) {
    throw new DomainError("password.not_set", "This user has no password.", { userId });
  }
  if (!(await verifyPassword(password, row.passwordHash))) {
    throw new DomainError("password.incorrect", "The password is incorrect.", { userId });
  }
}
