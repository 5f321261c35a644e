import type { Prisma } from "@guildhall/db";
import { createUserInput, type CreateUserInput, type User } from "@guildhall/validators";
import { hashPassword } from "../auth/password.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, now, type ServiceContext } from "../context.ts";
import { provisionJustInTime } from "../jit/provision-just-in-time.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { emailTaken } from "./get-user.ts";
import { toUser, userSelect } from "./select.ts";

/**
 * Adds a user to the pool. The email is stored lower-cased, so `A@x.com` and `a@x.com`
 * are the same user. Without a password the user can only sign in by other means
 * (invitation link, social sign-in) until one is set. Created with a verified address, the
 * user joins the organizations that provision its domain (`provisionJustInTime`).
 * @throws user.email_taken
 */
export async function createUser(ctx: ServiceContext, input: CreateUserInput): Promise<User> {
  assertCanManageTenant(ctx);
  const data = parseInput(createUserInput, input);
  // Hash before the transaction: it is slow on purpose and needs no database.
  const passwordHash = data.password === undefined ? null : await hashPassword(data.password);
  const at = now(ctx);
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const row = await tx.user.create({
          data: {
            email: data.email,
            name: data.name ?? null,
            avatarUrl: data.avatarUrl ?? null,
            passwordHash,
            emailVerifiedAt: data.emailVerified ? at : null,
            customData: data.customData as Prisma.InputJsonObject,
          },
          select: userSelect,
        });
        await recordAudit(tx, ctx, {
          action: "user.created",
          targetType: "user",
          targetId: row.id,
          data: { email: row.email, hasPassword: passwordHash !== null },
        });
        await provisionJustInTime(
          tx,
          {
            userId: row.id,
            email: row.email,
            emailVerified: data.emailVerified,
            reason: ctx.actor.type === "management_api" ? "management_api" : "console",
            now: at,
          },
          ctx,
        );
        return toUser(row);
      }),
    { uniqueConstraint: "users_email_key", unique: () => emailTaken(data.email) },
  );
}
