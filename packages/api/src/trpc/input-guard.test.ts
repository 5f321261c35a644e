import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertSafeTrpcRequest } from "./input-guard.ts";
import { appRouter } from "./root.ts";
import { createTrpcContext } from "./trpc.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const BASE = "http://localhost:3000/api/trpc";

/** The console's route, minus Next: the guard runs in createContext, as there. */
function handle(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => {
      await assertSafeTrpcRequest(req);
      return createTrpcContext({
        db: t.db,
        session: { userId: "guard-admin", email: "guard@example.com", consoleRole: "admin" },
      });
    },
  });
}

const post = (path: string, body: string) =>
  handle(
    new Request(`${BASE}/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }),
  );
const get = (pathAndQuery: string) => handle(new Request(`${BASE}/${pathAndQuery}`));

async function error(response: Response) {
  const body = (await response.json()) as
    | { error?: { json: { message: string; data: { code: string } } } }
    | { error: { json: { message: string; data: { code: string } } } }[];
  const first = Array.isArray(body) ? body[0] : body;
  return {
    status: response.status,
    code: first?.error?.json.data.code,
    message: first?.error?.json.message ?? "",
  };
}

describe("tRPC input guard", () => {
  it("refuses a 5,000-deep body with 400 before superjson copies it (which would overflow the stack)", async () => {
    const deep = '{"a":['.repeat(2_500) + "1" + "]}".repeat(2_500);
    const result = await error(
      await post("organization.create", `{"json":{"name":"Deep","customData":${deep}}}`),
    );
    expect(result).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect(result.message).toContain("at most 64 levels");
  });

  it("refuses NUL and lone surrogates anywhere in the input, naming the field", async () => {
    const nul = await error(
      await post("organization.create", '{"json":{"name":"ok","customData":{"k":["\\u0000"]}}}'),
    );
    expect(nul).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect(nul.message).toMatch(/customData\.k\.0: .*NUL/);

    const batch = await error(
      await post("organization.create?batch=1", '{"0":{"json":{"name":"\\ud800"}}}'),
    );
    expect(batch).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect(batch.message).toMatch(/0\.name: .*surrogate/);

    const query = await error(
      await get(`organization.list?input=${encodeURIComponent('{"json":{"q":"\\u0000"}}')}`),
    );
    expect(query).toMatchObject({ status: 400, code: "BAD_REQUEST" });
  });

  it("refuses malformed percent-encoding and bodies over 1 MB", async () => {
    const encoding = await error(await get("organization.list?input=%ZZ"));
    expect(encoding).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect(encoding.message).toContain("`%ZZ`");

    const huge = await error(
      await post("organization.create", JSON.stringify({ json: { name: "x".repeat(1_100_000) } })),
    );
    expect(huge).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
  });

  it("lets ordinary input through to the procedure", async () => {
    const created = await post(
      "organization.create",
      JSON.stringify({
        json: { name: "Guarded", customData: { tier: "gold", emoji: "\uD83D\uDE00" } },
      }),
    );
    expect(created.status).toBe(200);
    const listed = await get(
      `organization.list?input=${encodeURIComponent(JSON.stringify({ json: { q: "Guarded" } }))}`,
    );
    expect(listed.status).toBe(200);
    expect(JSON.stringify(await listed.json())).toContain("Guarded");
  });
});
