import { ADVISORY_LOCKS, type Db } from "@guildhall/db";
import {
  setupInput,
  type SetupInput,
  type SetupStatus,
  type SignedInUser,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { systemContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { emailTaken } from "../users/get-user.ts";
import { hashPassword } from "./password.ts";

/**
 * Whether this instance still needs its first console admin (first-run setup).
 * @example if ((await getSetupStatus(db)).needsSetup) redirect("/setup");
 */
export async function getSetupStatus(db: Db): Promise<SetupStatus> {
  const admin = await db.consoleMember.findFirst({
    where: { role: "admin" },
    select: { userId: true },
  });
  return { needsSetup: admin === null };
}

/**
 * First-run setup: creates the first user and makes them console admin, in one
 * transaction. Only works while there is no console admin; two concurrent calls queue on
 * an advisory lock, so exactly one succeeds. `via: "bootstrap"` marks, in the audit entry,
 * an admin created at start from the bootstrap settings rather than on the setup page.
 * @throws setup.already_completed, user.email_taken
 * @example const admin = await completeSetup(db, { email, name, password });
 */
export async function completeSetup(
  db: Db,
  input: SetupInput,
  { via }: { via?: "bootstrap" } = {},
): Promise<SignedInUser> {
  const data = parseInput(setupInput, input);
  const passwordHash = await hashPassword(data.password);
  return translateWriteErrors(
    () =>
      db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.firstRunSetup}::bigint)`;
        const admin = await tx.consoleMember.findFirst({
          where: { role: "admin" },
          select: { userId: true },
        });
        if (admin)
          throw new DomainError(
            "setup.already_completed",
            "Setup is already complete. Sign in instead.",
          );
        const user = await tx.user.create({
          data: {
            email: data.email,
            name: data.name,
            passwordHash,
            consoleMember: { create: { role: "admin" } },
          },
          select: { id: true, email: true, username: true, name: true },
        });
        await recordAudit(tx, systemContext(db), {
          action: "setup.completed",
          targetType: "user",
          targetId: user.id,
          data: { email: user.email, ...(via ? { via } : {}) },
        });
        return { ...user, consoleRole: "admin" as const };
      }),
    { uniqueConstraint: "users_email_key", unique: () => emailTaken(data.email) },
  );
}
