// Every tRPC procedure that takes text, called as a console admin with NUL, lone surrogates and
// 5,000-deep JSON in every string and JSON field: never INTERNAL_SERVER_ERROR, never a write.
import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { fillInput, inputLeaves } from "../test/zod-inputs.ts";
import { appRouter } from "./root.ts";
import { createCallerFactory, type ConsoleSession } from "./trpc.ts";

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);
const admin: ConsoleSession = {
  userId: "fuzz-admin",
  email: "fuzz-admin@example.com",
  consoleRole: "admin",
};

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const deep = (levels: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
};

/** Strings for text fields, and what goes where arbitrary JSON is taken. */
const CASES: { name: string; text: string; json: (text: string) => unknown; jsonOnly?: boolean }[] =
  [
    { name: "NUL", text: "fuzz\u0000nul", json: (text) => ({ [text]: text, k: [text] }) },
    { name: "lone high surrogate", text: "fuzz\uD800", json: (text) => ({ k: { k: text } }) },
    { name: "lone low surrogate", text: "\uDC00fuzz", json: (text) => ({ [text]: 1 }) },
    // Plain text around it, so the depth is what must be refused.
    { name: "5,000-deep JSON", text: "fuzz-deep", json: () => deep(5_000, "x"), jsonOnly: true },
  ];

async function countRows(): Promise<Record<string, number>> {
  const tables = await t.db.$queryRawUnsafe<{ tablename: string }[]>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename",
  );
  const rows = await t.db.$queryRawUnsafe<{ t: string; n: bigint }[]>(
    tables
      .map(({ tablename }) => `SELECT '${tablename}' AS t, count(*) AS n FROM "${tablename}"`)
      .join(" UNION ALL "),
  );
  return Object.fromEntries(rows.map(({ t: table, n }) => [table, Number(n)]));
}

describe("fuzzing every tRPC procedure", () => {
  it("answers hostile text with BAD_REQUEST, never INTERNAL_SERVER_ERROR, and writes nothing", async () => {
    const procedures = (
      appRouter._def as unknown as { procedures: Record<string, { _def: { inputs: z.ZodType[] } }> }
    ).procedures;
    const caller = createCaller({
      db: t.db,
      session: admin,
      baseUrl: "http://localhost:3000",
      instanceSecret: "fuzz-instance-secret-0123456789",
    });
    const before = await countRows();
    const failures: string[] = [];
    let calls = 0;
    for (const [path, procedure] of Object.entries(procedures)) {
      const [schema] = procedure._def.inputs;
      // Procedures without text input (void, ids-free toggles) cannot be given hostile text.
      if (!schema || inputLeaves(schema).length === 0) continue;
      const call = path
        .split(".")
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
        input: unknown,
      ) => Promise<unknown>;
      const takesJson = inputLeaves(schema).some((leaf) => leaf.kind !== "text");
      for (const { name, text, json, jsonOnly } of CASES) {
        if (jsonOnly && !takesJson) continue;
        calls += 1;
        const outcome = await call(fillInput(schema, text, json)).then(
          () => "succeeded",
          (error: unknown) => (error instanceof TRPCError ? error.code : `threw ${String(error)}`),
        );
        if (outcome !== "BAD_REQUEST") failures.push(`${path} with ${name}: ${outcome}`);
      }
    }
    expect(calls).toBeGreaterThan(150);
    expect(failures).toEqual([]);
    expect(await countRows()).toEqual(before);
  });
});
