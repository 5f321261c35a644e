// Every string a client can send, through tRPC or REST, is built on `text()` (or refuses NUL
// and lone surrogates some other way), and every arbitrary JSON value is checked inside:
// a new procedure or route with a bare `z.string()` or `z.record(z.string(), z.unknown())`
// fails here.
import { MAX_JSON_DEPTH } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { managementApiRoutes } from "./rest/handler.ts";
import { inputLeaves } from "./test/zod-inputs.ts";
import { appRouter } from "./trpc/root.ts";

const BAD_TEXT = [
  "abc\u0000def",
  "abc\uD800def",
  "\uDC00",
  "https://example.com/\u0000",
  "https://example.com/\uD800",
  "a\u0000b@example.com",
  "abcdefghijklmnop\u0000qrstuvwxyz",
];

const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i += 1) value = { a: value };
  return value;
};
const BAD_JSON = [
  { k: "\u0000" },
  { "\u0000": 1 },
  { k: { k: ["ok", "\uD800"] } },
  { "\uDFFF": true },
  { k: nested(MAX_JSON_DEPTH + 1) },
];

interface Input {
  where: string;
  schema: z.ZodType;
}

function trpcInputs(): Input[] {
  const procedures = (
    appRouter._def as unknown as { procedures: Record<string, { _def: { inputs: z.ZodType[] } }> }
  ).procedures;
  return Object.entries(procedures).flatMap(([path, procedure]) =>
    procedure._def.inputs.map((schema) => ({ where: `tRPC ${path}`, schema })),
  );
}

function restInputs(): Input[] {
  return managementApiRoutes("http://localhost").flatMap((route) =>
    (["params", "query", "body"] as const).flatMap((part) => {
      const schema = route[part];
      return schema ? [{ where: `${route.method} ${route.path} ${part}`, schema }] : [];
    }),
  );
}

describe("input schemas", () => {
  const inputs = [...trpcInputs(), ...restInputs()];

  it("cover every tRPC procedure and REST route", () => {
    expect(trpcInputs().length).toBeGreaterThan(50);
    expect(restInputs().length).toBeGreaterThan(80);
    expect(inputs.flatMap(({ schema }) => inputLeaves(schema)).length).toBeGreaterThan(150);
  });

  it("refuse NUL and lone surrogates in every string, and in every key and string of arbitrary JSON", () => {
    const accepted: string[] = [];
    for (const { where, schema } of inputs) {
      for (const leaf of inputLeaves(schema)) {
        const at = `${where} ${leaf.path || "(root)"}`;
        if (leaf.kind === "unknown") {
          accepted.push(
            `${at}: takes anything (z.unknown/z.any); use jsonObject or a precise schema`,
          );
          continue;
        }
        for (const value of leaf.kind === "text" ? BAD_TEXT : BAD_JSON) {
          if (leaf.schema.safeParse(value).success)
            accepted.push(`${at} accepts ${JSON.stringify(value).slice(0, 60)}`);
        }
      }
    }
    expect(accepted).toEqual([]);
  });
});
