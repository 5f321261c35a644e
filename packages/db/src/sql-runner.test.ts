import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createPrismaClient } from "./client.ts";
import { startEmbeddedPostgres } from "./embedded.ts";
import { newRowId, preparedSql, sqlRunner, withSqlTransaction } from "./sql-runner.ts";
import { createTestDatabase, inTimeZone, type TestDatabase } from "./testing.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const INSERT_USER = `INSERT INTO "users" ("id", "email", "customData", "profile", "createdAt", "updatedAt")
  VALUES ($1, $2, '{}', '{}', $3::timestamp(3), $3::timestamp(3)) RETURNING "createdAt"`;

describe("withSqlTransaction", () => {
  it("commits what the work wrote, with timestamps as UTC both ways (as Prisma reads them)", async () => {
    // A server whose local time is not UTC: node-postgres alone would shift both ways.
    onTestFinished(inTimeZone("America/New_York"));
    const at = new Date("2026-03-04T05:06:07.089Z");
    const id = newRowId();
    const [row] = await withSqlTransaction(t.db, (sql) =>
      sql.rows<{ createdAt: Date }>(INSERT_USER, [id, "committed@example.com", at]),
    );
    expect(row?.createdAt.toISOString()).toBe(at.toISOString());
    const user = await t.db.user.findUniqueOrThrow({ where: { id } });
    expect(user.createdAt.toISOString()).toBe(at.toISOString());
  });

  it("rolls back every statement when the work throws, and the connection serves again", async () => {
    const id = newRowId();
    await expect(
      withSqlTransaction(t.db, async (sql) => {
        await sql.execute(INSERT_USER, [id, "rolled-back@example.com", new Date()]);
        throw new Error("after the first write");
      }),
    ).rejects.toThrow("after the first write");
    expect(await t.db.user.findUnique({ where: { id } })).toBeNull();
    expect(await sqlRunner(t.db).rows("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("joins the caller's Prisma transaction when given one", async () => {
    const id = newRowId();
    await expect(
      t.db.$transaction(async (tx) => {
        await withSqlTransaction(tx, (sql) =>
          sql.execute(INSERT_USER, [id, "nested@example.com", new Date()]),
        );
        throw new Error("the outer transaction fails");
      }),
    ).rejects.toThrow("the outer transaction fails");
    expect(await t.db.user.findUnique({ where: { id } })).toBeNull();
  });

  it("reports a unique violation with its SQLSTATE and constraint", async () => {
    const error = await withSqlTransaction(t.db, async (sql) => {
      await sql.execute(INSERT_USER, [newRowId(), "twice@example.com", new Date()]);
      await sql.execute(INSERT_USER, [newRowId(), "twice@example.com", new Date()]);
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "23505", constraint: "users_email_key" });
    expect(await t.db.user.count({ where: { email: "twice@example.com" } })).toBe(0);
  });
});

const COUNT_USERS = preparedSql(`SELECT count(*)::int AS n FROM "users" WHERE "email" LIKE $1`);
const PREPARED = `SELECT name FROM pg_prepared_statements WHERE name = $1`;

describe("preparedSql", () => {
  it("is prepared once per connection under its name, and answers like the plain text", async () => {
    const names = await withSqlTransaction(t.db, async (sql) => {
      const first = await sql.rows<{ n: number }>(COUNT_USERS, ["%@example.com"]);
      const again = await sql.rows<{ n: number }>(COUNT_USERS, ["%@example.com"]);
      const plain = await sql.rows<{ n: number }>(COUNT_USERS.text, ["%@example.com"]);
      expect(again).toEqual(first);
      expect(plain).toEqual(first);
      return sql.rows<{ name: string }>(PREPARED, [COUNT_USERS.name]);
    });
    expect(names).toEqual([{ name: COUNT_USERS.name }]);
  });

  it("runs unnamed on the embedded database, whose connections share one session", async () => {
    const embedded = await startEmbeddedPostgres();
    const db = createPrismaClient(embedded.url);
    onTestFinished(async () => {
      await db.$disconnect();
      await embedded.stop();
    });
    const statement = preparedSql("SELECT 41 + $1::int AS answer");
    for (let i = 0; i < 3; i++)
      expect(await sqlRunner(db).rows(statement, [1])).toEqual([{ answer: 42 }]);
    await withSqlTransaction(db, async (sql) => {
      expect(await sql.rows(statement, [1])).toEqual([{ answer: 42 }]);
      expect(await sql.rows(PREPARED, [statement.name])).toEqual([]);
    });
  });
});

describe("newRowId", () => {
  it("increases within a process, so rows written in one millisecond keep their order", () => {
    const ids = Array.from({ length: 1000 }, () => newRowId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
