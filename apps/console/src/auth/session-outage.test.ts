import { createConsoleSession } from "@guildhall/core";
import {
  createTestDatabase,
  startOutageProxy,
  type OutageProxy,
  type TestDatabase,
} from "@guildhall/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// options.ts is server-only; importing it here only runs its session callback.
vi.mock("server-only", () => ({}));

let t: TestDatabase;
let proxy: OutageProxy;

beforeAll(async () => {
  t = await createTestDatabase();
  proxy = await startOutageProxy(t.url);
  // The console's database client (getDb) reaches PostgreSQL through the forwarder.
  vi.stubEnv("DATABASE_URL", proxy.url);
  vi.stubEnv("BASE_URL", "https://id.example.com");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  const { getDb } = await import("@guildhall/db/client");
  await getDb().$disconnect();
  await proxy.close();
  await t.close();
});

describe("the session check during a database outage", () => {
  it("says 'could not check' (not 'signed out', which would clear the cookie), and finds the user again once the database is back", async () => {
    const user = await t.db.user.create({ data: { email: "outage@example.com", name: "Olive" } });
    const { token: sid } = await createConsoleSession(t.db, { userId: user.id });
    const { authOptions } = await import("./options");
    const check = () =>
      authOptions.callbacks.session({
        session: { expires: "2099-01-01T00:00:00.000Z" },
        token: { sub: user.id, sid },
      } as never);

    expect(await check()).toMatchObject({ user: { id: user.id } });
    await proxy.down();
    try {
      expect(await check()).toEqual({ expires: "2099-01-01T00:00:00.000Z", unavailable: true });
    } finally {
      await proxy.up();
    }
    expect(await check()).toMatchObject({ user: { id: user.id } });
  });
});
