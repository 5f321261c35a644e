import { deleteUsersInput, type DeleteUsersInput } from "@guildhall/validators";
import { recordAudits } from "../audit/record-audit.ts";
import { assertKeepsAnActiveAdminWithout } from "../console-members/last-admin.ts";
import { assertMayManageAccounts } from "../console-members/protect-admin-accounts.ts";
import { endUsersOidcSessions } from "../console-sessions/end-console-session.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "./get-user.ts";

/**
 * Deletes several users at once (the users list's bulk action), all or nothing, with
 * `deleteUser`'s rules for each: memberships, roles and console sessions go with them, their
 * OIDC sessions and tokens are revoked, a collaborator cannot delete a console admin, and
 * the last active admin stays. One audit entry per user, as if deleted one by one.
 * @throws user.not_found (naming the unknown ids), auth.forbidden, console_member.last_admin
 */
export async function deleteUsers(
  ctx: ServiceContext,
  input: DeleteUsersInput,
): Promise<{ deleted: number }> {
  assertCanManageTenant(ctx);
  const { ids: given } = parseInput(deleteUsersInput, input);
  const ids = [...new Set(given)];
  return ctx.db.$transaction(async (tx) => {
    const users = await tx.user.findMany({
      where: { id: { in: ids } },
      select: { id: true, email: true },
    });
    const known = new Set(users.map((u) => u.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length === 1) throw userNotFound(missing[0] ?? "");
    if (missing.length > 1)
      throw new DomainError("user.not_found", `No users have ids ${missing.join(", ")}.`, {
        ids: missing,
      });
    await assertMayManageAccounts(tx, ctx, ids);
    await assertKeepsAnActiveAdminWithout(tx, ids);
    const { count } = await tx.user.deleteMany({ where: { id: { in: ids } } });
    // One was deleted by someone else since it was read: refuse, so all or nothing holds.
    if (count !== ids.length) throw userNotFound(ids[0] ?? "");
    await endUsersOidcSessions(tx, ids);
    await recordAudits(
      tx,
      ctx,
      users.map((u) => ({
        action: "user.deleted",
        targetType: "user",
        targetId: u.id,
        data: { email: u.email, bulk: true },
      })),
    );
    return { deleted: count };
  });
}
