import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { verifyApplicationSecret } from "@guildhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProgram } from "./program.ts";

const main = path.join(import.meta.dirname, "main.ts");
let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), "guildhall-cli-"));
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `pnpm guildhall` does (tsx), on the test database, from `dir`. */
function guildhall(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", main, ...args],
      {
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          INIT_CWD: dir,
          BASE_URL: "http://localhost:3999",
        },
        timeout: 90_000,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number")
          reject(new Error(error.message, { cause: error }));
        else resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? "");
  });
}

/** The one JSON document a `--json` run prints. */
function parsed(run: Run): Record<string, unknown> {
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe("pnpm guildhall", () => {
  it("--help lists the commands", async () => {
    const run = await guildhall(["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["admin", "apps", "keys", "db", "users", "organizations", "--json"])
      expect(run.stdout).toContain(command);
  });

  it("every command has its own help; those that open the database say the server must be stopped", () => {
    const leaves = buildProgram().commands.flatMap((group) =>
      group.commands.map((command) => ({ name: `${group.name()} ${command.name()}`, command })),
    );
    expect(leaves.map((l) => l.name).sort()).toEqual(
      [
        "admin create",
        "apps create",
        "db migrate",
        "db seed",
        "keys rotate",
        "organizations export",
        "organizations import",
        "users export",
        "users import",
      ].sort(),
    );
    for (const { name, command } of leaves) {
      let help = "";
      command.configureOutput({ writeOut: (text) => (help += text) }).outputHelp();
      expect(command.description(), name).not.toBe("");
      expect(help, name).toContain("-h, --help");
      expect(help, name).toContain("stop the server first");
    }
  });

  it("admin create --json creates a console admin once, then refuses the email clearly", async () => {
    const created = await guildhall(
      ["admin", "create", "--email", "Ops@Example.com", "--password-stdin", "--json"],
      "a-strong-password\n",
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(parsed(created)).toMatchObject({ email: "ops@example.com", role: "admin" });
    const member = await db.db.consoleMember.findFirstOrThrow({
      where: { user: { email: "ops@example.com" } },
    });
    expect(member.role).toBe("admin");

    const again = await guildhall([
      "admin",
      "create",
      "--email",
      "ops@example.com",
      "--password",
      "another-password",
      "--json",
    ]);
    expect(again.code).toBe(1);
    expect(parsed(again)).toEqual({
      error: {
        code: "user.email_taken",
        message: 'A user with the email "ops@example.com" already exists.',
        data: { email: "ops@example.com" },
      },
    });
  });

  it("apps create --type m2m --management-api prints a client id and a secret that work", async () => {
    const run = await guildhall([
      "apps",
      "create",
      "--type",
      "m2m",
      "--management-api",
      "--name",
      "Terraform",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const out = parsed(run) as { clientId: string; clientSecret: string };
    expect(out).toMatchObject({ name: "Terraform", type: "MachineToMachine", managementApi: true });
    expect(
      await verifyApplicationSecret(db.db, {
        applicationId: out.clientId,
        secret: out.clientSecret,
      }),
    ).toBe(true);
    const role = await db.db.applicationRole.findFirst({
      where: { applicationId: out.clientId, role: { name: "Management API access" } },
    });
    expect(role).not.toBeNull();
  });

  it("users import refuses a malformed file by line (exit 1, nothing written); export --json round-trips", async () => {
    const bad = path.join(dir, "bad.csv");
    writeFileSync(bad, "email,name\ncli-1@example.com,One\nnope,Two\n");
    const refused = await guildhall(["users", "import", "bad.csv", "--json"]);
    expect(refused.code).toBe(1);
    expect(parsed(refused)).toMatchObject({
      written: false,
      refused: [{ line: 3, reason: "email: Enter a valid email address" }],
    });
    expect(await db.db.user.count({ where: { email: "cli-1@example.com" } })).toBe(0);

    writeFileSync(bad, "email,name\ncli-1@example.com,One\ncli-2@example.com,Two\n");
    const imported = await guildhall(["users", "import", "bad.csv"]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("Imported 2 users");

    const exported = await guildhall(["users", "export", "--output", "all.json", "--json"]);
    expect(exported.code).toBe(0);
    expect(parsed(exported)).toMatchObject({ exported: 3, format: "json" });
    const users = JSON.parse(readFileSync(path.join(dir, "all.json"), "utf8")) as unknown[];
    expect(users).toEqual(
      expect.arrayContaining([
        { email: "cli-1@example.com", name: "One" },
        { email: "cli-2@example.com", name: "Two" },
      ]),
    );
  });
});
