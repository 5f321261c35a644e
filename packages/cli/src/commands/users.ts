import {
  countExportableUsers,
  exportUsers,
  importUsers,
  USER_COLUMNS,
  USER_IMPORT_COLUMNS,
  type ImportFormat,
} from "@guildhall/core/import-export";
import { PASSWORD_ALGORITHMS } from "@guildhall/validators";
import { Command, Option } from "commander";
import { DATABASE_HELP, withDatabase } from "../database.ts";
import { action } from "../output.ts";
import { formatOf, openImportFile, refusalLines, writeExport } from "../transfer.ts";

const formatOption = () =>
  new Option(
    "--format <format>",
    "file format (default: from the file name; csv on stdout)",
  ).choices(["csv", "json"]);

export function usersCommand(): Command {
  const users = new Command("users").description("end users (the user pool)");
  users
    .command("import")
    .description(
      "create the users of a CSV or JSON file; users that exist already are left as they are",
    )
    .argument("<file>", "a .csv file (header row: email,name,…) or a .json array of objects")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `
Columns: ${USER_COLUMNS.join(", ")} (email required), and optionally passwordDigest with
passwordAlgorithm (${PASSWORD_ALGORITHMS.join(", ")}): a password hash made elsewhere,
replaced by Guildhall's at the user's first sign-in. Users are matched by email: a user
whose email exists is left unchanged, so running the same file twice changes nothing.
Every row is checked before anything is written; if any row is refused, nothing is
imported and each refused row is listed with its line number and the reason (exit code 1).
Otherwise all new users are created in one transaction. Users without a digest set a
password through "Forgot password" or an invitation.
${DATABASE_HELP}`,
    )
    .action(
      action(async (io, file: string, options: { format?: ImportFormat }) => {
        const format = formatOf(file, options.format);
        const source = await openImportFile(io, file, { format, columns: USER_IMPORT_COLUMNS });
        const report = await withDatabase(async ({ ctx }) => {
          const bar = io.progress("Importing", "users");
          try {
            return await importUsers(ctx, {
              records: (async function* () {
                yield* source.records;
                source.done();
              })(),
              onWrite: (written, toWrite) => bar.update(written, toWrite),
            });
          } finally {
            source.done();
            bar.stop();
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
          human: `Imported ${report.created} users; ${report.unchanged} were already there and left unchanged.`,
          json: report,
        };
      }),
    );
  users
    .command("export")
    .description("write every user with an email to a CSV or JSON file, or to stdout")
    .addOption(formatOption())
    .option("--output <file>", "the file to write (default: stdout)")
    .addHelpText(
      "after",
      `
Columns: ${USER_COLUMNS.join(", ")}: what "users import" reads. Users without an email are
left out (import matches users by email) and counted in the summary. Password hashes are
never exported. The export is streamed; with --output it is written to <file>.partial and
renamed when complete. With --json, --output is required (stdout carries the summary).
${DATABASE_HELP}`,
    )
    .action(
      action(async (io, options: { format?: ImportFormat; output?: string }) => {
        if (io.json && options.output === undefined)
          throw new Error(
            "--json needs --output: the JSON summary and the export cannot share stdout.",
          );
        const format =
          options.format ??
          (options.output === undefined ? "csv" : formatOf(options.output, undefined));
        const { written, path, withoutEmail } = await withDatabase(async ({ ctx }) => {
          const { exportable, withoutEmail } = await countExportableUsers(ctx);
          const result = await writeExport(io, {
            entries: exportUsers(ctx),
            total: exportable,
            unit: "users",
            format,
            columns: USER_COLUMNS,
            output: options.output,
          });
          return { ...result, withoutEmail };
        });
        const skipped = withoutEmail
          ? ` ${withoutEmail} users without an email were left out.`
          : "";
        if (path === null) io.note(`Exported ${written} users.${skipped}`);
        return {
          human: path === null ? null : `Exported ${written} users to ${path}.${skipped}`,
          json: { exported: written, withoutEmail, format, output: path },
        };
      }),
    );
  return users;
}
