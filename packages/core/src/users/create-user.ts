import type { Prisma } from "@guildhall/db";
import { createUserInput, type CreateUserInput, type User } from "@guildhall/validators";
import { importedPasswordHash } from "../auth/imported-password.ts";
import { hashPassword } from "../auth/password.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, now, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { provisionJustInTime } from "../jit/provision-just-in-time.ts";
import { parseInput } from "../parse.ts";
import { assertIdentifiersFree, translateIdentifierConflicts } from "./identifiers.ts";
import { toUser, userSelect } from "./select.ts";

/**
 * Adds a user to the pool. Nothing is required, as in Logto: a user may have an email, a
 * username, a phone number, only a name, or nothing. The email is stored lower-cased, so
 * `A@x.com` and `a@x.com` are the same user; a username is kept as typed and unique
 * regardless of case. Without a password the user can only sign in by other means
 * (invitation link, social sign-in) until one is set; `passwordDigest` imports a hash made
 * elsewhere, replaced by Guildhall's at the first sign-in. Created with a verified address,
 * the user joins the organizations that provision its domain (`provisionJustInTime`).
 * @throws guard.invalid_input, user.username_taken, user.email_taken, user.phone_taken
 */
export async function createUser(ctx: ServiceContext, input: CreateUserInput): Promise<User> {
  assertCanManageTenant(ctx);
  const data = parseInput(createUserInput, input);
  const email = data.email ?? null;
  if (data.emailVerified && email === null)
    throw invalidField("emailVerified", "emailVerified needs an email address.");
  // Hash before the transaction: it is slow on purpose and needs no database.
  const passwordHash = await initialPasswordHash(data);
  const ids = { email, username: data.username, primaryPhone: data.primaryPhone };
  const at = now(ctx);
  return translateIdentifierConflicts(
    () =>
      ctx.db.$transaction(async (tx) => {
        await assertIdentifiersFree(tx, ids);
        const row = await tx.user.create({
          data: {
            email,
            username: data.username ?? null,
            primaryPhone: data.primaryPhone ?? null,
            name: data.name ?? null,
            avatarUrl: data.avatarUrl ?? null,
            passwordHash,
            emailVerifiedAt: data.emailVerified ? at : null,
            customData: data.customData as Prisma.InputJsonObject,
            profile: data.profile,
          },
          select: userSelect,
        });
        await recordAudit(tx, ctx, {
          action: "user.created",
          targetType: "user",
          targetId: row.id,
          data: {
            email: row.email,
            username: row.username,
            hasPassword: passwordHash !== null,
            ...(data.passwordAlgorithm ? { passwordAlgorithm: data.passwordAlgorithm } : {}),
          },
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
    ids,
  );
}

/**
 * The `passwordHash` a new user starts with: a password hashed here, an imported digest
 * (checked for its algorithm's form), or none. Logto's rules: not both, and a digest needs
 * its algorithm.
 */
async function initialPasswordHash(data: {
  password?: string;
  passwordDigest?: string;
  passwordAlgorithm?: CreateUserInput["passwordAlgorithm"];
}): Promise<string | null> {
  if (data.passwordDigest === undefined) {
    if (data.passwordAlgorithm !== undefined)
      throw invalidField("passwordAlgorithm", "passwordAlgorithm goes with a passwordDigest.");
    return data.password === undefined ? null : hashPassword(data.password);
  }
  if (data.password !== undefined)
    throw invalidField("passwordDigest", "Give either password or passwordDigest, not both.");
  if (data.passwordAlgorithm === undefined)
    throw invalidField("passwordAlgorithm", "passwordAlgorithm is required with passwordDigest.");
  const imported = importedPasswordHash(data.passwordAlgorithm, data.passwordDigest);
  if ("problem" in imported) throw invalidField("passwordDigest", imported.problem);
  return imported.hash;
}

function invalidField(field: string, message: string) {
  return new DomainError("guard.invalid_input", message, { issues: [{ path: [field], message }] });
}
