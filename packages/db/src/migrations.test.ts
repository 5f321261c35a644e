import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findWorkspaceRoot } from "./env.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

// The migrations, applied in order, must produce exactly the schema that
// prisma/schema.prisma describes. Otherwise someone edited the schema without a migration
// (or hand-edited a migration in a way Prisma would not reproduce).

const root = findWorkspaceRoot();

// Async on purpose: the embedded database serves from this process, so a blocking spawn
// would deadlock the CLI's connection to it.
function schemaScript(scratchUrl: string): Promise<string> {
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js", { paths: [root] });
  const args = [
    "migrate",
    "diff",
    "--from-empty",
    "--to-schema-datamodel",
    path.join(root, "prisma", "schema.prisma"),
    "--script",
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: scratchUrl, CHECKPOINT_DISABLE: "1" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`prisma migrate diff failed: ${err}`)),
    );
  });
}

async function catalog(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(`
      SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY table_name, column_name`);
    const indexes = await client.query(`
      SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' AND indexname NOT LIKE '%\\_expr\\_idx' ORDER BY tablename, indexname`);
    // CHECK constraints are ours alone (Prisma does not model them), so they are left out.
    const constraints = await client.query(`
      SELECT conrelid::regclass::text AS table_name, conname, contype, pg_get_constraintdef(oid) AS def
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'c'
        AND conrelid::regclass::text <> '_prisma_migrations'
      ORDER BY 1, 2`);
    const enums = await client.query(`
      SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`);
    return {
      columns: columns.rows,
      indexes: indexes.rows,
      constraints: constraints.rows,
      enums: enums.rows,
    };
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  let migrated: TestDatabase;
  let fromSchema: TestDatabase;
  beforeAll(async () => {
    [migrated, fromSchema] = await Promise.all([
      createTestDatabase(),
      createTestDatabase({ empty: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([migrated.close(), fromSchema.close()]);
  });

  it("produce the same schema as prisma/schema.prisma", async () => {
    const client = new pg.Client({ connectionString: fromSchema.url });
    await client.connect();
    // Prisma does not model sequences: a column default naming one needs it to exist.
    await client.query(`CREATE SEQUENCE "membership_version_seq"`);
    await client.query(await schemaScript(fromSchema.url));
    await client.end();
    const [a, b] = [await catalog(migrated.url), await catalog(fromSchema.url)];
    expect(a.columns.length).toBeGreaterThan(50);
    expect(a).toEqual(b);
  });

  it("keep emails lower-case at the database level", async () => {
    await expect(
      migrated.db.user.create({ data: { email: "Mixed@Example.com" } }),
    ).rejects.toThrow();
  });
});
