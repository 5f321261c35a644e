import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlPool } from "./client.ts";
import { countStatements, createTestDatabase, type TestDatabase } from "./testing.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("countStatements", () => {
  it("counts every statement, BEGIN and COMMIT included, through Prisma and the pool", async () => {
    const counter = countStatements(t.db);
    await t.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      await tx.$queryRaw`SELECT 2`;
    });
    await sqlPool(t.db).query("SELECT 3");
    counter.stop();
    expect(counter.statements).toEqual(["BEGIN", "SELECT 1", "SELECT 2", "COMMIT", "SELECT 3"]);
    expect(counter.overlapping).toEqual([]);
    await t.db.$queryRaw`SELECT 4`;
    expect(counter.count).toBe(5);
  });

  it("reports statements sent concurrently on one transaction's connection", async () => {
    const user = await t.db.user.create({ data: { email: "overlap@example.com" } });
    const counter = countStatements(t.db);
    // Prisma reads the relations of one select in parallel: inside a transaction they share
    // its connection.
    await t.db.$transaction((tx) =>
      tx.user.findUnique({
        where: { id: user.id },
        select: { id: true, memberships: true, consoleMember: true },
      }),
    );
    counter.stop();
    expect(counter.overlapping).toHaveLength(1);
  });
});
