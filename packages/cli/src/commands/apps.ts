import { Command, Option } from "commander";
import { DATABASE_HELP, withDatabase } from "../database.ts";
import { publicBaseUrl } from "../env.ts";
import { action } from "../output.ts";

const TYPES = {
  m2m: "MachineToMachine",
  traditional: "Traditional",
  spa: "SPA",
  native: "Native",
} as const;

interface CreateOptions {
  type: keyof typeof TYPES;
  name: string;
  description?: string;
  managementApi?: boolean;
  redirectUri?: string[];
}

export function appsCommand(): Command {
  const apps = new Command("apps").description("applications (OIDC clients)");
  apps
    .command("create")
    .description("register an application; prints its client id and secret once")
    .addOption(
      new Option("--type <type>", "application type")
        .choices(Object.keys(TYPES))
        .makeOptionMandatory(),
    )
    .requiredOption("--name <name>", "name shown in the console")
    .option("--description <text>", "description shown in the console")
    .option(
      "--management-api",
      "give it Management API access (machine-to-machine only): its client_credentials tokens for $BASE_URL/api can do what a console admin can",
    )
    .option("--redirect-uri <uri...>", "redirect URIs (traditional, spa, native)")
    .addHelpText(
      "after",
      `
The secret is printed once and stored only hashed: keep it now. With --management-api,
the application gets the Management API access role in the same transaction.
${DATABASE_HELP}

Example:
  pnpm guildhall apps create --type m2m --management-api --name Terraform --json`,
    )
    .action(
      action(async (_io, options: CreateOptions) => {
        const type = TYPES[options.type];
        if (options.managementApi && type !== "MachineToMachine")
          throw new Error(
            "--management-api needs --type m2m: only machine-to-machine applications call the Management API.",
          );
        const { createApplication, createManagementApiApplication } =
          await import("@guildhall/core");
        const { application, secret } = await withDatabase(({ ctx }) =>
          options.managementApi
            ? createManagementApiApplication(ctx, {
                name: options.name,
                description: options.description,
                baseUrl: publicBaseUrl(),
              })
            : createApplication(ctx, {
                name: options.name,
                description: options.description,
                type,
                redirectUris: options.redirectUri ?? [],
              }),
        );
        const access = options.managementApi ? ", with Management API access" : "";
        return {
          human: [
            `Application "${application.name}" created (${application.type}${access}).`,
            `  client id:     ${application.id}`,
            ...(secret
              ? [
                  `  client secret: ${secret.value}`,
                  "The secret is shown only this once: store it now.",
                ]
              : []),
          ],
          json: {
            clientId: application.id,
            clientSecret: secret?.value ?? null,
            name: application.name,
            type: application.type,
            managementApi: options.managementApi === true,
          },
        };
      }),
    );
  return apps;
}
