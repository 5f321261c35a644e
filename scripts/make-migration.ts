// pnpm db:migration <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql as
// the diff between the schema at HEAD (or nothing, for the first) and prisma/schema.prisma.
import { execSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@guildhall/db/embedded";
import { runPrismaAsync } from "./prisma.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: pnpm db:migration <name>   (lower-case letters, digits, underscores)");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const migrations = path.join(root, "prisma", "migrations");
const hasMigrations = existsSync(migrations) && readdirSync(migrations).some((d) => /^\d/.test(d));

let from = ["--from-empty"];
if (hasMigrations) {
  const prev = path.join(os.tmpdir(), `guildhall-prev-${process.pid}.prisma`);
  writeFileSync(prev, execSync("git show HEAD:prisma/schema.prisma", { cwd: root }));
  from = ["--from-schema-datamodel", prev];
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrations, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
const out = path.join(dir, "migration.sql");
// migrate diff wants a reachable database even though it reads nothing from it.
const scratch = await startEmbeddedPostgres();
const status = await runPrismaAsync(
  [
    "migrate",
    "diff",
    ...from,
    "--to-schema-datamodel",
    path.join(root, "prisma", "schema.prisma"),
    "--script",
    "-o",
    out,
  ],
  { DATABASE_URL: scratch.url },
);
await scratch.stop();
if (status !== 0) process.exit(status);
const sql = readFileSync(out, "utf8");
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  rmSync(dir, { recursive: true });
  console.log("No schema changes since HEAD; nothing written.");
} else {
  console.log(`Wrote ${path.relative(root, out)}`);
}
