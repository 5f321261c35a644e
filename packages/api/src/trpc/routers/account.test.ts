// The account page's router: it acts on the caller's own account only, and tells the
// caller's session (the cookie's sid, carried in the context) from the user's others.
import { createConsoleSession } from "@guildhall/core";
import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root.ts";
import { createCallerFactory } from "../trpc.ts";

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

let counter = 0;
async function user() {
  counter += 1;
  return t.db.user.create({ data: { email: `account-${counter}@example.com` } });
}

function as(account: { id: string; email: string | null }, sessionToken?: string) {
  return createCaller({
    db: t.db,
    session: { userId: account.id, email: account.email, consoleRole: null, sessionToken },
    baseUrl: "https://id.example.com",
    instanceSecret: "account-router-test-secret-0123456789",
    webAuthn: { rpId: "id.example.com", rpName: "Guildhall", origin: "https://id.example.com" },
  });
}

describe("account router", () => {
  it("marks this device, and 'sign out all others' keeps only it", async () => {
    const me = await user();
    const other = await user();
    const here = await createConsoleSession(t.db, { userId: me.id, userAgent: "Here" });
    await createConsoleSession(t.db, { userId: me.id, userAgent: "Elsewhere" });
    const { token: theirs } = await createConsoleSession(t.db, { userId: other.id });

    const api = as(me, here.token);
    const sessions = await api.account.session.list();
    expect(sessions.map((s) => [s.userAgent, s.current]).sort()).toEqual([
      ["Elsewhere", false],
      ["Here", true],
    ]);

    await api.account.session.endOthers();
    expect((await api.account.session.list()).map((s) => s.userAgent)).toEqual(["Here"]);
    // Another user's session is not one of "mine".
    expect(await as(other, theirs).account.session.list()).toHaveLength(1);
  });

  it("reads and changes only the caller's own profile", async () => {
    const me = await user();
    const other = await user();
    await as(me).account.updateProfile({ name: "Mine" });
    expect(await as(me).account.get()).toMatchObject({
      id: me.id,
      name: "Mine",
      hasPassword: false,
    });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: other.id } })).name).toBeNull();
  });
});
