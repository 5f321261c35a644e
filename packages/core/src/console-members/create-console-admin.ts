import { setupInput, type ConsoleMember, type SetupInput } from "@guildhall/validators";
import { hashPassword } from "../auth/password.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assertAdminOrManagementApi, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { emailTaken } from "../users/get-user.ts";
import { consoleMemberSelect, toConsoleMember } from "./select.ts";

/** The setup page's fields; the name defaults to the email's local part. */
const createConsoleAdminInput = setupInput.partial({ name: true });
export type CreateConsoleAdminInput = Omit<SetupInput, "name"> & { name?: string };

/**
 * Creates a new user who is a console admin, in one transaction: what the setup page does
 * for the first admin, for any admin after it (the `guildhall admin create` command). The
 * email must be new: an existing user is given console access from Console members instead,
 * where the change is visible and audited as a role change.
 * @throws user.email_taken, guard.invalid_input, auth.forbidden
 * @example await createConsoleAdmin(systemContext(db), { email: "ops@example.com", password });
 */
export async function createConsoleAdmin(
  ctx: ServiceContext,
  input: CreateConsoleAdminInput,
): Promise<ConsoleMember> {
  assertAdminOrManagementApi(ctx, "Only console admins can create console admins.");
  const data = parseInput(createConsoleAdminInput, input);
  const name = data.name ?? (data.email.split("@")[0] || "Admin");
  // Hash before the transaction: it is slow on purpose and needs no database.
  const passwordHash = await hashPassword(data.password);
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const user = await tx.user.create({
          data: { email: data.email, name, passwordHash },
          select: { id: true, email: true },
        });
        const member = await tx.consoleMember.create({
          data: { userId: user.id, role: "admin" },
          select: consoleMemberSelect,
        });
        await recordAudit(tx, ctx, {
          action: "user.created",
          targetType: "user",
          targetId: user.id,
          data: { email: user.email, hasPassword: true },
        });
        await recordAudit(tx, ctx, {
          action: "console_member.role_set",
          targetType: "console_member",
          targetId: user.id,
          data: { role: "admin", previousRole: null },
        });
        return toConsoleMember(member);
      }),
    { uniqueConstraint: "users_email_key", unique: () => emailTaken(data.email) },
  );
}
