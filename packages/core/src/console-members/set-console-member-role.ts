import {
  setConsoleMemberInput,
  type ConsoleMember,
  type SetConsoleMemberInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertAdminOrManagementApi, type ServiceContext } from "../context.ts";
import { endUserConsoleSessions } from "../console-sessions/end-console-session.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "../users/get-user.ts";
import { assertKeepsAnActiveAdmin } from "./last-admin.ts";
import { consoleMemberSelect, toConsoleMember } from "./select.ts";

/**
 * Gives an existing user console access as admin or collaborator, or changes their
 * console role. Demoting the last active admin is refused. A change of role ends the
 * user's console sessions: they sign in again under the new role.
 * @throws user.not_found, console_member.last_admin
 */
export async function setConsoleMemberRole(
  ctx: ServiceContext,
  input: SetConsoleMemberInput,
): Promise<ConsoleMember> {
  assertAdminOrManagementApi(ctx);
  const { userId, role } = parseInput(setConsoleMemberInput, input);
  return ctx.db.$transaction(async (tx) => {
    if (role !== "admin") await assertKeepsAnActiveAdmin(tx, userId);
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { consoleMember: { select: { role: true } } },
    });
    if (!user) throw userNotFound(userId);
    const previousRole = user.consoleMember?.role ?? null;
    const row = await tx.consoleMember.upsert({
      where: { userId },
      create: { userId, role },
      update: { role },
      select: consoleMemberSelect,
    });
    if (previousRole !== role) {
      await endUserConsoleSessions(tx, userId);
      await recordAudit(tx, ctx, {
        action: "console_member.role_set",
        targetType: "console_member",
        targetId: userId,
        data: { role, previousRole },
      });
    }
    return toConsoleMember(row);
  });
}
