import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  prismaStatement,
  SQL_TABLE_NAMES,
  sqlColumnsOf,
  sqlTable,
  type ModelName,
} from "./sql-names.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

// Raw statements take their names from sql-names.ts. A table renamed with @@map, or a
// column the migrations do not create, must fail here rather than in production.
describe("sql-names", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.close();
  });

  it("name every table and column the migrations create, and nothing else", async () => {
    const rows = await t.db.$queryRaw<{ table_name: string; column_name: string }[]>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`;
    const catalog = new Map<string, string[]>();
    for (const r of rows)
      catalog.set(r.table_name, [...(catalog.get(r.table_name) ?? []), r.column_name]);

    const named = Object.entries(SQL_TABLE_NAMES) as [ModelName, string][];
    expect(named.map(([, table]) => table).sort()).toEqual([...catalog.keys()].sort());
    for (const [model, table] of named) {
      expect({ table, columns: sqlColumnsOf(model).sort() }).toEqual({
        table,
        columns: (catalog.get(table) ?? []).sort(),
      });
    }
  });

  it("quote names and qualify columns with the alias", () => {
    const mr = sqlTable("OrganizationMemberRole", "mr");
    expect(mr.ref).toBe(`"organization_member_roles" AS mr`);
    expect(mr.col.roleId).toBe(`mr."roleId"`);
    const outbox = sqlTable("EmailOutbox");
    expect(outbox.ref).toBe(`"email_outbox"`);
    expect(outbox.col.nextAttemptAt).toBe(`"nextAttemptAt"`);
    expect(() => sqlTable("User", `u; DROP TABLE users`)).toThrow(/Invalid SQL alias/);
  });

  it("hand Prisma a constant statement whose values stay parameters", async () => {
    const users = sqlTable("User");
    const statement = prismaStatement(
      `SELECT $1::text AS a, count(*)::int AS n FROM ${users.ref} WHERE ${users.col.email} = $2`,
    );
    expect([...statement]).toEqual([
      "SELECT ",
      '::text AS a, count(*)::int AS n FROM "users" WHERE "email" = ',
      "",
    ]);
    expect(
      await t.db.$queryRaw(statement, "x'); DROP TABLE users; --", "nobody@example.com"),
    ).toEqual([{ a: "x'); DROP TABLE users; --", n: 0 }]);
    expect(() => prismaStatement("SELECT $2, $1")).toThrow(/in order/);
    expect(() => prismaStatement("SELECT $1, $1")).toThrow(/in order/);
  });
});
