import { beginPasswordSignIn, createUser, setUserSuspended, systemContext } from "@guildhall/core";
import type { Db } from "@guildhall/db";
import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import type * as DbClient from "@guildhall/db/client";
import type { JWT } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// options.ts is server-only; here its callbacks run against a real test database.
vi.mock("server-only", () => ({}));
type DbClientModule = typeof DbClient;
const holder: { db?: Db } = {};
vi.mock("@guildhall/db/client", async (importOriginal) => ({
  ...(await importOriginal<DbClientModule>()),
  getDb: () => {
    if (!holder.db) throw new Error("test database not ready");
    return holder.db;
  },
}));

let t: TestDatabase;
beforeAll(async () => {
  vi.stubEnv("BASE_URL", "https://id.example.com");
  t = await createTestDatabase();
  holder.db = t.db;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await t.close();
});

type Authorize = (
  credentials: Record<string, string>,
  req: { headers: Record<string, string> },
) => Promise<{ id: string }>;

async function nextAuth() {
  const { authOptions } = await import("./options");
  const provider = authOptions.providers[0] as unknown as { options: { authorize: Authorize } };
  const session = async (token: JWT) =>
    (
      await authOptions.callbacks.session({
        session: { expires: "2099-01-01T00:00:00.000Z" },
        token,
      } as never)
    ).user;
  const authorize = (credentials: Record<string, string>) =>
    provider.options.authorize(credentials, {
      headers: { "x-guildhall-client-ip": "203.0.113.9", "user-agent": "Vitest" },
    });
  /** The sign-in page's first step (a server action calls it), then next-auth. */
  const challenge = async (email: string, password: string) => {
    const step = await beginPasswordSignIn(t.db, { identifier: email, password });
    expect(step.status).toBe("complete");
    return step.challengeToken;
  };
  return {
    authorize,
    challenge,
    /** What the cookie would carry after a sign-in (authorize, then the jwt callback). */
    signIn: async (email: string, password: string) => {
      const user = await authorize({ challengeToken: await challenge(email, password) });
      return authOptions.callbacks.jwt({ token: { sub: user.id }, user } as never);
    },
    session,
    signOut: (token: JWT) => authOptions.events.signOut({ token } as never),
  };
}

async function account() {
  const email = `s${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.com`;
  const user = await createUser(systemContext(t.db), { email, password: "s3cret-password" });
  return { id: user.id, email, password: "s3cret-password" };
}

describe("next-auth callbacks: revocable sessions", () => {
  it("a sign-in records a session; its cookie's token resolves to the user", async () => {
    const a = await nextAuth();
    const { id, email, password } = await account();
    const token = await a.signIn(email, password);
    expect(typeof token.sid).toBe("string");
    expect(await a.session(token)).toMatchObject({ id, email, consoleRole: null });
    const row = await t.db.consoleSession.findFirstOrThrow({ where: { userId: id } });
    expect(row).toMatchObject({ userAgent: "Vitest" });
  });

  it("after sign-out the same token (a replayed cookie) has no user", async () => {
    const a = await nextAuth();
    const { email, password } = await account();
    const token = await a.signIn(email, password);
    await a.signOut(token);
    expect(await a.session(token)).toBeUndefined();
  });

  it("a suspension ends the session, and a token without a session id has no user", async () => {
    const a = await nextAuth();
    const { id, email, password } = await account();
    const token = await a.signIn(email, password);
    await setUserSuspended(systemContext(t.db), { id, isSuspended: true });
    await setUserSuspended(systemContext(t.db), { id, isSuspended: false });
    expect(await a.session(token)).toBeUndefined();
    // A cookie from before sessions were recorded (or one forged with the secret) names none.
    expect(await a.session({ sub: id })).toBeUndefined();
  });

  it("authorize takes only a finished sign-in challenge, once; never a password", async () => {
    const a = await nextAuth();
    const { id, email, password } = await account();
    const refused = (credentials: Record<string, string>) =>
      a.authorize(credentials).then(
        () => "ok",
        (e: Error) => e.message,
      );
    expect(await refused({ email, password })).toBe("Sign in again to continue.");
    expect(await refused({ challengeToken: "not-a-challenge" })).not.toBe("ok");

    const challengeToken = await a.challenge(email, password);
    expect(await a.authorize({ challengeToken })).toMatchObject({ id, email });
    // Spent: a replayed token opens no second session.
    expect(await refused({ challengeToken })).not.toBe("ok");
    expect(await t.db.consoleSession.count({ where: { userId: id } })).toBe(1);
  });
});
