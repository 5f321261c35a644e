import type { Prisma } from "@guildhall/db";
import { updateUserInput, type UpdateUserInput, type User } from "@guildhall/validators";
import { hashPassword } from "../auth/password.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, now, type ServiceContext } from "../context.ts";
import { assertMayManageAccount } from "../console-members/protect-admin-accounts.ts";
import { endAllUserSessions } from "../console-sessions/end-console-session.ts";
import { provisionJustInTime } from "../jit/provision-just-in-time.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { emailTaken, userNotFound } from "./get-user.ts";
import { toUser, userSelect } from "./select.ts";

/**
 * Changes a user's profile. Omitted fields are kept; `null` clears `name` or `avatarUrl`.
 * A new email starts unverified unless `emailVerified` says otherwise. A new password ends
 * all of the user's sessions, console and applications (refresh tokens included), so
 * someone who knew the old one is signed out everywhere.
 * @throws user.not_found, user.email_taken
 */
export async function updateUser(ctx: ServiceContext, input: UpdateUserInput): Promise<User> {
  assertCanManageTenant(ctx);
  const { id, password, emailVerified, ...fields } = parseInput(updateUserInput, input);
  const passwordHash = password === undefined ? undefined : await hashPassword(password);
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const current = await tx.user.findUnique({
          where: { id },
          select: { email: true, emailVerifiedAt: true },
        });
        if (!current) throw userNotFound(id);
        if (passwordHash !== undefined || fields.email !== undefined)
          await assertMayManageAccount(tx, ctx, id);
        const emailChanged = fields.email !== undefined && fields.email !== current.email;
        // undefined = leave the column as it is.
        let emailVerifiedAt: Date | null | undefined;
        if (emailVerified === true) {
          // Keep the original verification time when nothing about the address changed.
          emailVerifiedAt = !emailChanged && current.emailVerifiedAt ? undefined : now(ctx);
        } else if (emailVerified === false || emailChanged) {
          emailVerifiedAt = null;
        }
        const row = await tx.user.update({
          where: { id },
          data: {
            email: fields.email,
            name: fields.name,
            avatarUrl: fields.avatarUrl,
            customData: fields.customData as Prisma.InputJsonObject | undefined,
            passwordHash,
            emailVerifiedAt,
          },
          select: userSelect,
        });
        if (passwordHash !== undefined) await endAllUserSessions(tx, id);
        if (emailVerifiedAt) {
          // An admin vouching for the address counts as verifying it (the rule runs once).
          await provisionJustInTime(
            tx,
            {
              userId: id,
              email: row.email,
              emailVerified: true,
              reason: ctx.actor.type === "management_api" ? "management_api" : "console",
              now: emailVerifiedAt,
            },
            ctx,
          );
        }
        const changed = Object.entries({ ...fields, emailVerified })
          .filter(([, value]) => value !== undefined)
          .map(([key]) => key);
        if (passwordHash !== undefined) changed.push("password");
        await recordAudit(tx, ctx, {
          action: "user.updated",
          targetType: "user",
          targetId: id,
          // Field names only (and the new email): profile values and secrets stay out of the log.
          data: {
            fields: changed,
            ...(emailChanged ? { email: fields.email, previousEmail: current.email } : {}),
          },
        });
        return toUser(row);
      }),
    { uniqueConstraint: "users_email_key", unique: () => emailTaken(fields.email ?? "") },
  );
}
