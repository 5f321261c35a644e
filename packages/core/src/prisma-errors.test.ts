import { createPrismaClient, type Db } from "@guildhall/db/client";
import { readDbEnv } from "@guildhall/db/env";
import {
  createTestDatabase,
  startOutageProxy,
  type OutageProxy,
  type TestDatabase,
} from "@guildhall/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import { isDatabaseUnavailable } from "./prisma-errors.ts";

let t: TestDatabase;
let proxy: OutageProxy;
/** A client that reaches the test database through the forwarder, so it can lose it. */
let db: Db;

beforeAll(async () => {
  t = await createTestDatabase();
  proxy = await startOutageProxy(t.url);
  db = createPrismaClient(proxy.url, { max: 2 });
});
afterAll(async () => {
  await db.$disconnect();
  await proxy.close();
  await t.close();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the query to fail");
    },
    (error: unknown) => error,
  );
}

describe("isDatabaseUnavailable, against real PostgreSQL", () => {
  it("is true while the database is away (open connection cut, then refused), and the same client works once it is back", async () => {
    expect(await db.user.count()).toBeGreaterThanOrEqual(0);
    await proxy.down();
    const cut = await failure(db.user.count());
    expect(isDatabaseUnavailable(cut), String(cut)).toBe(true);
    const refused = await failure(db.$transaction(async (tx) => tx.user.count()));
    expect(isDatabaseUnavailable(refused), String(refused)).toBe(true);
    const raw = await failure(db.$queryRaw`SELECT 1`);
    expect(isDatabaseUnavailable(raw), String(raw)).toBe(true);
    await proxy.up();
    expect(await db.user.count()).toBeGreaterThanOrEqual(0);
  });

  // Embedded PGlite is one backend behind its socket: there is no other backend to terminate.
  it.skipIf(!readDbEnv().testDatabaseUrl)(
    "is true for a connection the server terminates mid-query (57P01)",
    async () => {
      const slow = failure(db.$queryRaw`SELECT pg_sleep(5)`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await t.db
        .$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep%'`;
      const error = await slow;
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
      expect(await db.user.count()).toBeGreaterThanOrEqual(0);
    },
  );

  it("is false for errors of a query, of the domain, and of code", async () => {
    const duplicate = await failure(
      db.$transaction(async (tx) => {
        await tx.user.create({ data: { email: "twice@example.com" } });
        await tx.user.create({ data: { email: "twice@example.com" } });
      }),
    );
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(await failure(db.$queryRaw`SELECT * FROM no_such_table`))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(new DomainError("auth.forbidden", "no"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
