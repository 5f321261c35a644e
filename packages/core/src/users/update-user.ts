import type { Prisma } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import {
  updateUserInput,
  updateUserProfileInput,
  type UpdateUserInput,
  type UpdateUserProfileInput,
  type User,
  type UserProfile,
} from "@guildhall/validators";
import { hashPassword } from "../auth/password.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, now, type ServiceContext } from "../context.ts";
import { assertMayManageAccount } from "../console-members/protect-admin-accounts.ts";
import { endAllUserSessions } from "../console-sessions/end-console-session.ts";
import { provisionJustInTime } from "../jit/provision-just-in-time.ts";
import { parseInput } from "../parse.ts";
import { DomainError } from "../errors.ts";
import { userNotFound } from "./get-user.ts";
import { assertIdentifiersFree, translateIdentifierConflicts } from "./identifiers.ts";
import { jsonObjectOf, toUser, userSelect } from "./select.ts";

/**
 * Changes a user's profile. Omitted fields are kept; `null` clears `name`, `avatarUrl`,
 * `email`, `username` or `primaryPhone`. A new email starts unverified unless
 * `emailVerified` says otherwise (a removed one is unverified). A new password ends all of
 * the user's sessions, console and applications (refresh tokens included), so someone who
 * knew the old one is signed out everywhere.
 * @throws user.not_found, guard.invalid_input, user.username_taken, user.email_taken,
 *   user.phone_taken
 */
export async function updateUser(ctx: ServiceContext, input: UpdateUserInput): Promise<User> {
  assertCanManageTenant(ctx);
  const { id, password, emailVerified, ...fields } = parseInput(updateUserInput, input);
  if (emailVerified === true && fields.email === null) {
    const message = "emailVerified needs an email address.";
    throw new DomainError("guard.invalid_input", message, {
      issues: [{ path: ["emailVerified"], message }],
    });
  }
  const passwordHash = password === undefined ? undefined : await hashPassword(password);
  const ids = { email: fields.email, username: fields.username, primaryPhone: fields.primaryPhone };
  return translateIdentifierConflicts(
    () =>
      ctx.db.$transaction(async (tx) => {
        const current = await tx.user.findUnique({
          where: { id },
          select: { email: true, username: true, emailVerifiedAt: true },
        });
        if (!current) throw userNotFound(id);
        // Sign-in identifiers and the password: a collaborator cannot take over an admin.
        if (
          passwordHash !== undefined ||
          fields.email !== undefined ||
          fields.username !== undefined
        )
          await assertMayManageAccount(tx, ctx, id);
        await assertIdentifiersFree(tx, ids, id);
        const emailChanged = fields.email !== undefined && fields.email !== current.email;
        if (emailVerified === true && fields.email === undefined && current.email === null) {
          const message = "emailVerified needs an email address: this user has none.";
          throw new DomainError("guard.invalid_input", message, {
            issues: [{ path: ["emailVerified"], message }],
          });
        }
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
            username: fields.username,
            primaryPhone: fields.primaryPhone,
            name: fields.name,
            avatarUrl: fields.avatarUrl,
            customData: fields.customData as Prisma.InputJsonObject | undefined,
            profile: fields.profile,
            passwordHash,
            emailVerifiedAt,
          },
          select: userSelect,
        });
        if (passwordHash !== undefined) await endAllUserSessions(tx, id);
        if (emailVerifiedAt && row.email !== null) {
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
          // Field names only (and the identifiers): profile values and secrets stay out of the log.
          data: {
            fields: changed,
            ...(emailChanged ? { email: fields.email, previousEmail: current.email } : {}),
            ...(fields.username !== undefined && fields.username !== current.username
              ? { username: fields.username, previousUsername: current.username }
              : {}),
          },
        });
        return toUser(row);
      }),
    ids,
  );
}

/**
 * Logto's `PATCH /users/{id}/profile`: the profile keys given replace the user's, the
 * others stay (an `address` given replaces the whole address). Returns the whole profile.
 * @throws user.not_found, guard.invalid_input
 */
export async function updateUserProfile(
  ctx: ServiceContext,
  input: UpdateUserProfileInput,
): Promise<UserProfile> {
  assertCanManageTenant(ctx);
  const { id, profile } = parseInput(updateUserProfileInput, input);
  return ctx.db.$transaction(async (tx) => {
    // Locked, so two concurrent partial updates both land.
    const [current] = await tx.$queryRaw<{ profile: Prisma.JsonValue }[]>(LOCK_PROFILE_SQL, id);
    if (!current) throw userNotFound(id);
    const merged = { ...jsonObjectOf(current.profile), ...profile };
    await tx.user.update({ where: { id }, data: { profile: merged } });
    await recordAudit(tx, ctx, {
      action: "user.updated",
      targetType: "user",
      targetId: id,
      data: { fields: Object.keys(profile).map((key) => `profile.${key}`) },
    });
    return merged;
  });
}

const u = sqlTable("User");
const LOCK_PROFILE_SQL = prismaStatement(
  `SELECT ${u.col.profile} FROM ${u.ref} WHERE ${u.col.id} = $1 FOR UPDATE`,
);
