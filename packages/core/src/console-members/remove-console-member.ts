import { consoleMemberRef, type ConsoleMemberRef } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertAdminOrManagementApi, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { endUserConsoleSessions } from "../console-sessions/end-console-session.ts";
import { parseInput } from "../parse.ts";
import { assertKeepsAnActiveAdmin } from "./last-admin.ts";

/**
 * Takes console access away from a user; the user and their memberships stay. Removing
 * the last active admin is refused. Ends the user's console sessions.
 * @throws console_member.not_found, console_member.last_admin
 */
export async function removeConsoleMember(
  ctx: ServiceContext,
  input: ConsoleMemberRef,
): Promise<void> {
  assertAdminOrManagementApi(ctx);
  const { userId } = parseInput(consoleMemberRef, input);
  await ctx.db.$transaction(async (tx) => {
    await assertKeepsAnActiveAdmin(tx, userId);
    const current = await tx.consoleMember.findUnique({
      where: { userId },
      select: { role: true },
    });
    if (!current) {
      throw new DomainError(
        "console_member.not_found",
        `User "${userId}" is not a console member.`,
        { userId },
      );
    }
    await tx.consoleMember.delete({ where: { userId } });
    await endUserConsoleSessions(tx, userId);
    await recordAudit(tx, ctx, {
      action: "console_member.removed",
      targetType: "console_member",
      targetId: userId,
      data: { role: current.role },
    });
  });
}
