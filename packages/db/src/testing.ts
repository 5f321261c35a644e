import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ADVISORY_LOCKS } from "./advisory-locks.ts";
import { createPrismaClient, type Db } from "./client.ts";
import { startEmbeddedPostgres } from "./embedded.ts";
import { readDbEnv } from "./env.ts";
import { applyMigrations, migrationsFingerprint } from "./migrate.ts";

export { startOutageProxy, type OutageProxy } from "./outage-proxy.ts";
export { countStatements, type StatementCounter } from "./statement-counter.ts";
export { inTimeZone } from "./env.ts";

export interface TestDatabase {
  db: Db;
  url: string;
  /** Drops the database (PostgreSQL) or stops the embedded instance. */
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file. On PostgreSQL (TEST_DATABASE_URL or
 * DATABASE_URL) it is a new database cloned from a migrated template; otherwise an
 * in-memory PGlite loaded from a migrated dump. Either way, files can run in parallel.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const { testDatabaseUrl } = readDbEnv();
  if (options.empty)
    return testDatabaseUrl
      ? createPostgresTestDatabase(testDatabaseUrl, "template0")
      : createEmbeddedTestDatabase(true);
  return testDatabaseUrl
    ? createPostgresTestDatabase(testDatabaseUrl)
    : createEmbeddedTestDatabase();
}

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function createPostgresTestDatabase(
  adminUrl: string,
  fixedTemplate?: string,
): Promise<TestDatabase> {
  const template = fixedTemplate ?? `guildhall_tpl_${migrationsFingerprint()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const name = `guildhall_t_${randomBytes(6).toString("hex")}`;
  try {
    // Serialise template creation across test workers.
    await admin.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCKS.testTemplate]);
    try {
      const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [
        template,
      ]);
      if (!rowCount && !fixedTemplate) {
        const { rows: stale } = await admin.query<{ datname: string }>(
          "SELECT datname FROM pg_database WHERE datname LIKE 'guildhall\\_tpl\\_%' AND datname <> $1",
          [template],
        );
        for (const { datname } of stale) await admin.query(`DROP DATABASE IF EXISTS "${datname}"`);
        const building = `${template}_building`;
        await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
        await admin.query(`CREATE DATABASE "${building}"`);
        await applyMigrations(withDatabase(adminUrl, building));
        await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
      }
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await admin.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCKS.testTemplate]);
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = createPrismaClient(url, { max: 5 });
  return {
    db,
    url,
    async close() {
      await db.$disconnect();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function migratedDump(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `guildhall-pglite-${migrationsFingerprint()}.tar.gz`);
  if (!existsSync(file)) {
    const pgl = await startEmbeddedPostgres();
    await applyMigrations(pgl.url);
    const blob = await pgl.dump();
    await pgl.stop();
    // Write then rename, so a parallel worker never reads half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, file);
  }
  return new Blob([readFileSync(file)]);
}

async function createEmbeddedTestDatabase(empty = false): Promise<TestDatabase> {
  const embedded = await startEmbeddedPostgres(empty ? {} : { loadDataDir: await migratedDump() });
  const db = createPrismaClient(embedded.url, { max: 5 });
  return {
    db,
    url: embedded.url,
    async close() {
      await db.$disconnect();
      await embedded.stop();
    },
  };
}
