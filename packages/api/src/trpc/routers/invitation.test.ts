import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { type TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root.ts";
import { createCallerFactory, type ConsoleSession } from "../trpc.ts";

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);
let kicks = 0;
const caller = (session: ConsoleSession | null) =>
  createCaller({ db: t.db, session, baseUrl: "https://id.example.com", onEmailQueued: () => (kicks += 1) });
const admin: ConsoleSession = { userId: "admin-1", email: "admin@example.com", consoleRole: "admin" };

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("invitation router", () => {
  it("invites from the console, shows the email in the outbox, and lets the invitee accept through the link", async () => {
    const org = await t.db.organization.create({ data: { name: "Acme" } });
    const role = await t.db.organizationRole.create({ data: { name: "editor" } });
    const results = await caller(admin).invitation.create({ organizationId: org.id, invitees: ["Ada@Example.com", "grace@example.com"], organizationRoleIds: [role.id] });
    expect(results.map((r) => r.error)).toEqual([null, null]);
    expect(kicks).toBe(2);
    const link = results[0]?.result?.link ?? "";
    expect(link).toMatch(/^https:\/\/id\.example\.com\/invite\//);
    const token = link.split("/invite/")[1] ?? "";

    const emails = await caller(admin).email.list({ q: "ada@example.com" });
    expect(emails.items).toHaveLength(1);
    const email = await caller(admin).email.get({ id: emails.items[0]?.id ?? "" });
    expect(email.text).toContain(link);

    const landing = await caller(null).invitation.landing({ token });
    expect(landing).toMatchObject({ state: "pending", invitee: "ada@example.com", organizationRoles: ["editor"], inviteeHasAccount: false });
    expect(await caller(null).invitation.landing({ token: "x".repeat(43) })).toEqual({ state: "not_found" });

    await caller(null).invitation.signUp({ token, name: "Ada", password: "long enough pw" });
    const ada = await t.db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    const e = await caller(null).invitation.accept({ token }).catch((err: unknown) => err);
    expect((e as TRPCError).code).toBe("UNAUTHORIZED");
    const accepted = await caller({ userId: ada.id, email: ada.email, consoleRole: null }).invitation.accept({ token });
    expect(accepted).toMatchObject({ organization: { id: org.id }, organizationRoles: [{ id: role.id }] });

    const list = await caller(admin).invitation.list({ organizationId: org.id });
    expect(list.items.map((i) => [i.invitee, i.status]).sort()).toEqual([
      ["ada@example.com", "Accepted"],
      ["grace@example.com", "Pending"],
    ]);
    const grace = list.items.find((i) => i.invitee === "grace@example.com");
    const resent = await caller(admin).invitation.resend({ id: grace?.id ?? "" });
    expect(resent.link).not.toBe(results[1]?.result?.link);
    expect((await caller(admin).invitation.revoke({ id: grace?.id ?? "" })).status).toBe("Revoked");
    const again = await caller(admin).invitation.revoke({ id: grace?.id ?? "" }).catch((err: unknown) => err);
    expect((again as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
  });
});
