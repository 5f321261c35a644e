// Runs the Prisma CLI the one way that works offline here: JS engine, a DATABASE_URL always
// set (the CLI otherwise tries to download a native engine), telemetry off.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";

function prismaEnv(env: Record<string, string>) {
  return {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused",
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    ...env,
  };
}

function cliPath() {
  return createRequire(import.meta.url).resolve("prisma/build/index.js");
}

/** Async variant, for when this process must keep serving (e.g. an embedded database). */
export function runPrismaAsync(args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath(), ...args], {
      stdio: "inherit",
      env: prismaEnv(env),
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

export function runPrisma(args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(process.execPath, [cliPath(), ...args], {
    stdio: "inherit",
    env: prismaEnv(env),
  });
  return result.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(runPrisma(process.argv.slice(2)));
}
