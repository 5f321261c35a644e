import {
  countExportableOrganizations,
  exportOrganizations,
  importOrganizations,
} from "@guildhall/core/import-export";
import { Command } from "commander";
import { DATABASE_HELP, withDatabase } from "../database.ts";
import { action } from "../output.ts";
import { openImportFile, refusalLines, writeExport } from "../transfer.ts";

const FILE_SHAPE = `[{ "id"?: "...", "name": "Acme", "description"?: "...",
   "members": [{ "email": "alice@example.com", "roles": ["admin"] }] }]`;

export function organizationsCommand(): Command {
  const organizations = new Command("organizations")
    .alias("orgs")
    .description("organizations, their members and the members' roles");
  organizations
    .command("import")
    .description("create organizations and add members and roles from a JSON file")
    .argument("<file>", "a .json array of organizations")
    .addHelpText(
      "after",
      `
File:
  ${FILE_SHAPE}
An organization is the one with the given "id" (created with that id if there is none),
or without an id, the one with that "name" (created if there is none; refused if several
share the name). Members are users matched by email and roles organization roles matched
by name: both must exist (import users and set up the organization template first).
Additive and idempotent: missing organizations, memberships and roles are added, nothing
is renamed or removed, so running the same file twice changes nothing. Every entry is
checked before anything is written; if any is refused, nothing is imported and each one
is listed with its line number and the reason (exit code 1).
${DATABASE_HELP}`,
    )
    .action(
      action(async (io, file: string) => {
        const source = await openImportFile(io, file, { format: "json", columns: [] });
        const report = await withDatabase(async ({ ctx }) => {
          try {
            return await importOrganizations(ctx, { records: source.records });
          } finally {
            source.done();
          }
        });
        if (!report.written)
          return {
            human: [
              `Nothing imported: ${report.refusedCount} of ${report.total} entries refused. Fix them and run the import again:`,
              ...refusalLines(report),
            ],
            json: report,
            exitCode: 1,
          };
        return {
          human: `Organizations: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged; ${report.membersAdded} members and ${report.rolesAssigned} member roles added.`,
          json: report,
        };
      }),
    );
  organizations
    .command("export")
    .description("write every organization with its members and their roles as JSON")
    .option("--output <file>", "the file to write (default: stdout)")
    .addHelpText(
      "after",
      `
File: what "organizations import" reads, ids included:
  ${FILE_SHAPE}
Members without an email are left out (import matches members by email) and counted in
the summary. With --json, --output is required (stdout carries the summary).
${DATABASE_HELP}`,
    )
    .action(
      action(async (io, options: { output?: string }) => {
        if (io.json && options.output === undefined)
          throw new Error(
            "--json needs --output: the JSON summary and the export cannot share stdout.",
          );
        const { written, path, membersWithoutEmail } = await withDatabase(async ({ ctx }) => {
          const counts = await countExportableOrganizations(ctx);
          const result = await writeExport(io, {
            entries: exportOrganizations(ctx),
            total: counts.organizations,
            unit: "organizations",
            format: "json",
            columns: [],
            output: options.output,
          });
          return { ...result, membersWithoutEmail: counts.membersWithoutEmail };
        });
        const skipped = membersWithoutEmail
          ? ` ${membersWithoutEmail} members without an email were left out.`
          : "";
        if (path === null) io.note(`Exported ${written} organizations.${skipped}`);
        return {
          human: path === null ? null : `Exported ${written} organizations to ${path}.${skipped}`,
          json: { exported: written, membersWithoutEmail, output: path },
        };
      }),
    );
  return organizations;
}
