import path from "node:path";
import { z } from "zod";

// The only file of the CLI that reads process.env. DATABASE_URL and GUILDHALL_DATA_DIR are
// read by @guildhall/db (`readDbEnv`), as the server reads them.
const schema = z.object({
  GUILDHALL_SECRET: z
    .string()
    .min(16, "GUILDHALL_SECRET must be at least 16 characters")
    .optional(),
  NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters").optional(),
  BASE_URL: z.url("BASE_URL must be a full URL, e.g. https://id.example.com").optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Where `pnpm guildhall` was typed: pnpm runs the script from the workspace root. */
  INIT_CWD: z.string().min(1).optional(),
});

export type CliEnv = z.infer<typeof schema>;

export function readCliEnv(): CliEnv {
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

/**
 * The public base URL as the server derives it (apps/console/src/env.ts, `publicBaseUrl`):
 * the Management API's resource indicator is made from it.
 */
export function publicBaseUrl(env: CliEnv = readCliEnv()): string {
  return (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

/** A path given on the command line, relative to where the command was typed. */
export function resolveUserPath(file: string, env: CliEnv = readCliEnv()): string {
  return path.resolve(env.INIT_CWD ?? process.cwd(), file);
}
