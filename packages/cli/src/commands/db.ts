import { Command } from "commander";
import { DATABASE_HELP, withDatabase } from "../database.ts";
import { action } from "../output.ts";

export function dbCommand(): Command {
  const db = new Command("db").description("the database");
  db.command("migrate")
    .description("apply pending migrations to DATABASE_URL or the embedded database")
    .addHelpText("after", DATABASE_HELP)
    .action(
      action(async () => {
        const applied = await withDatabase(async ({ applied }) => applied);
        return {
          human: applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.",
          json: { applied },
        };
      }),
    );
  db.command("seed")
    .description("load the demo scenario (organizations Acme and Globex, users Alice and Bob)")
    .option(
      "--demo",
      "the demo scenario (the only seed there is; required, so nothing loads by accident)",
    )
    .addHelpText(
      "after",
      `
Safe to run twice: nothing is loaded when the template already has the demo's roles.
${DATABASE_HELP}`,
    )
    .action(
      action(async (_io, options: { demo?: boolean }) => {
        if (!options.demo)
          throw new Error("Nothing to seed: pass --demo to load the demo scenario.");
        const { demoUsers, seedDemoData } = await import("@guildhall/core");
        const result = await withDatabase(({ db }) => seedDemoData(db));
        const users = demoUsers.map(({ email, password }) => ({ email, password }));
        return {
          human: [
            result.created ? "Demo data loaded:" : "Demo data was already there:",
            ...result.organizations.map((o) => `  organization ${o.name} (${o.id})`),
            ...users.map((u) => `  user ${u.email} / ${u.password}`),
          ],
          json: { created: result.created, organizations: result.organizations, users },
        };
      }),
    );
  return db;
}
