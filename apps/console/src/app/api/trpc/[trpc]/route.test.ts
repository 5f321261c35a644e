import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// No request scope here: the route's session lookup answers "signed out", and nothing
// reaches the database (a signed-out mutation stops at the procedure's role check).
vi.mock("server-only", () => ({}));
vi.mock("@/auth/session", () => ({ getConsoleSession: () => Promise.resolve(null) }));
vi.mock("@guildhall/db/client", () => ({ getDb: () => ({}) }));

const BASE = "https://id.example.com";

async function post(headers: Record<string, string>) {
  const { POST } = await import("./route");
  return POST(
    new Request(`${BASE}/api/trpc/organization.create`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ json: { name: "Acme" } }),
    }),
  );
}

describe("tRPC route: Origin check", () => {
  beforeEach(() => vi.stubEnv("BASE_URL", BASE));
  afterEach(() => vi.unstubAllEnvs());

  it("refuses a cross-site POST with 403 FORBIDDEN, before reading the session", async () => {
    const crossSite: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: "http://id.example.com" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of crossSite) {
      const res = await post(headers);
      expect(res.status).toBe(403);
      const body = (await res.json()) as {
        error: { json: { message: string; data: { code: string } } };
      };
      expect(body.error.json.data.code).toBe("FORBIDDEN");
      expect(body.error.json.message).toMatch(/Cross-site request refused/);
    }
  });

  it("lets a same-origin POST through to the procedure (here: 401, signed out)", async () => {
    const res = await post({ origin: BASE, "sec-fetch-site": "same-origin" });
    expect(res.status).toBe(401);
  });
});
