import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// The only place this package reads process.env.
const schema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  GUILDHALL_DATA_DIR: z.string().min(1).optional(),
  TEST_DATABASE_URL: z.string().min(1).optional(),
});

export function readDbEnv() {
  const env = schema.parse(process.env);
  return {
    databaseUrl: env.DATABASE_URL,
    testDatabaseUrl: env.TEST_DATABASE_URL ?? env.DATABASE_URL,
    dataDir: path.resolve(
      /*turbopackIgnore: true*/ env.GUILDHALL_DATA_DIR ?? path.join(findWorkspaceRoot(), ".data"),
    ),
  };
}

/** The folder holding pnpm-workspace.yaml, so `.data/` lands in one place whatever the cwd. */
export function findWorkspaceRoot(from = process.cwd()): string {
  let dir = from;
  while (!existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return dir;
}

export function migrationsDir(): string {
  return path.join(findWorkspaceRoot(), "prisma", "migrations");
}

/**
 * For tests (exported by `@guildhall/db/testing`): sets the process's time zone (Node reads
 * `process.env.TZ` at once) to test what a server outside UTC would do; returns what puts it
 * back. Here because this module is where the package touches the environment.
 * @example onTestFinished(inTimeZone("America/New_York"));
 */
export function inTimeZone(zone: string): () => void {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  if (new Date(2026, 0, 1).getTimezoneOffset() === 0 && zone !== "UTC")
    throw new Error(`The time zone ${zone} did not take effect.`);
  return () => {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  };
}
