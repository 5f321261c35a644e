import { Command } from "commander";
import { adminCommand } from "./commands/admin.ts";
import { appsCommand } from "./commands/apps.ts";
import { dbCommand } from "./commands/db.ts";
import { keysCommand } from "./commands/keys.ts";
import { organizationsCommand } from "./commands/organizations.ts";
import { usersCommand } from "./commands/users.ts";

/** `pnpm guildhall`: every command, each with its own --help. */
export function buildProgram(): Command {
  const program = new Command("guildhall")
    .description("Guildhall from the command line: set up, automate, import and export.")
    .option(
      "--json",
      "print one JSON document on stdout (errors too: { error: { code, message } }); no progress bar",
    )
    .showHelpAfterError()
    .addHelpText(
      "after",
      `
Run "pnpm guildhall <command> <subcommand> --help" for the options of each.
Commands that open the embedded database need the server stopped (see their help).`,
    );
  for (const command of [
    adminCommand(),
    appsCommand(),
    keysCommand(),
    dbCommand(),
    usersCommand(),
    organizationsCommand(),
  ])
    program.addCommand(command);
  return program;
}
