import { ensureSecrets } from "@guildhall/db/secrets";
import { Command } from "commander";
import { DATABASE_HELP, withDatabase } from "../database.ts";
import { readCliEnv } from "../env.ts";
import { action } from "../output.ts";

export function keysCommand(): Command {
  const keys = new Command("keys").description("token signing keys");
  keys
    .command("rotate")
    .description("publish a new signing key and retire the current one (also in the console)")
    .addHelpText(
      "after",
      `
The old key stays in the JWKS until the tokens it signed have expired (24 h), so nothing
breaks; running servers pick the new key up within a minute. Keys are sealed with
GUILDHALL_SECRET (or the one generated in the data dir's secrets.json): run this with the
same value as the server.
${DATABASE_HELP}`,
    )
    .action(
      action(async () => {
        const env = readCliEnv();
        const { rotateSigningKey } = await import("@guildhall/core");
        const { kid } = await withDatabase(({ ctx, dataDir }) => {
          const { secrets } = ensureSecrets(dataDir, {
            GUILDHALL_SECRET: env.GUILDHALL_SECRET,
            NEXTAUTH_SECRET: env.NEXTAUTH_SECRET,
          });
          return rotateSigningKey(ctx, { secret: secrets.GUILDHALL_SECRET });
        });
        return {
          human: `New signing key ${kid} published; the previous key keeps verifying until its tokens expire.`,
          json: { kid },
        };
      }),
    );
  return keys;
}
