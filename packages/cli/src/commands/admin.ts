import { Command } from "commander";
import { DATABASE_HELP, withDatabase } from "../database.ts";
import { action } from "../output.ts";
import { readStdin } from "../stdin.ts";

export function adminCommand(): Command {
  const admin = new Command("admin").description("console admins");
  admin
    .command("create")
    .description("create a new user who is a console admin")
    .requiredOption("--email <email>", "the admin's email (must not belong to a user yet)")
    .option(
      "--password <password>",
      "the password (visible to other users of this machine in the process list: prefer --password-stdin)",
    )
    .option("--password-stdin", "read the password from stdin (one line)")
    .option("--name <name>", "display name (default: the email's local part)")
    .addHelpText(
      "after",
      `
An email that already belongs to a user is refused: give that user console access from
Console members in the console instead.
${DATABASE_HELP}

Example:
  printf '%s' "$ADMIN_PASSWORD" | pnpm guildhall admin create --email ops@example.com --password-stdin`,
    )
    .action(
      action(
        async (
          _io,
          options: { email: string; password?: string; passwordStdin?: boolean; name?: string },
        ) => {
          if ((options.password === undefined) === (options.passwordStdin !== true))
            throw new Error(
              "Give the password with exactly one of --password or --password-stdin.",
            );
          const password = options.password ?? (await readStdin()).replace(/\r?\n$/, "");
          const { createConsoleAdmin } = await import("@guildhall/core");
          const member = await withDatabase(({ ctx }) =>
            createConsoleAdmin(ctx, { email: options.email, password, name: options.name }),
          );
          return {
            human: `Console admin ${member.email ?? options.email} created: sign in to the console with this email and password.`,
            json: {
              userId: member.userId,
              email: member.email,
              name: member.name,
              role: member.role,
            },
          };
        },
      ),
    );
  return admin;
}
