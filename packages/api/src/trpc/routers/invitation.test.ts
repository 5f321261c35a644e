import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { type TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root.ts";
import { createCallerFactory, type ConsoleSession } from "../trpc.ts";

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);
let kicks = 0;
const caller = (session: ConsoleSession | null) =>
  createCaller({
    db: t.db,
    session,
    baseUrl: "https://id.example.com",
    instanceSecret: "test-instance-secret-0123456789",
    onEmailQueued: () => (kicks += 1),
  });
const admin: ConsoleSession = {
  userId: "admin-1",
  email: "admin@example.com",
  consoleRole: "admin",
};
const collaborator: ConsoleSession = {
  userId: "collab-1",
  email: "c@example.com",
  consoleRole: "collaborator",
};

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
    const results = await caller(admin).invitation.create({
      organizationId: org.id,
      invitees: ["Ada@Example.com", "grace@example.com"],
      organizationRoleIds: [role.id],
    });
    expect(results.map((r) => r.error)).toEqual([null, null]);
    expect(kicks).toBe(2);
    const link = results[0]?.result?.link ?? "";
    expect(link).toMatch(/^https:\/\/id\.example\.com\/invite\//);
    const token = link.split("/invite/")[1] ?? "";

    const emails = await caller(admin).email.list({ q: "ada@example.com" });
    expect(emails.items).toHaveLength(1);
    const email = await caller(admin).email.get({ id: emails.items[0]?.id ?? "" });
    // The Emails page shows the link redacted: reading the outbox does not give the invitation.
    expect(email.text).toContain("https://id.example.com/invite/…");
    expect(JSON.stringify(email)).not.toContain(token);

    const landing = await caller(null).invitation.landing({ token });
    expect(landing).toMatchObject({
      state: "pending",
      invitee: "ada@example.com",
      organizationRoles: ["editor"],
      inviteeHasAccount: false,
    });
    expect(await caller(null).invitation.landing({ token: "x".repeat(43) })).toEqual({
      state: "not_found",
    });

    await caller(null).invitation.signUp({ token, name: "Ada", password: "long enough pw" });
    const ada = await t.db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    const e = await caller(null)
      .invitation.accept({ token })
      .catch((err: unknown) => err);
    expect((e as TRPCError).code).toBe("UNAUTHORIZED");
    const accepted = await caller({
      userId: ada.id,
      email: ada.email,
      consoleRole: null,
    }).invitation.accept({ token });
    expect(accepted).toMatchObject({
      organization: { id: org.id },
      organizationRoles: [{ id: role.id }],
    });

    const list = await caller(admin).invitation.list({ organizationId: org.id });
    expect(list.items.map((i) => [i.invitee, i.status]).sort()).toEqual([
      ["ada@example.com", "Accepted"],
      ["grace@example.com", "Pending"],
    ]);
    const grace = list.items.find((i) => i.invitee === "grace@example.com");
    const resent = await caller(admin).invitation.resend({ id: grace?.id ?? "" });
    expect(resent.link).not.toBe(results[1]?.result?.link);
    expect((await caller(admin).invitation.revoke({ id: grace?.id ?? "" })).status).toBe("Revoked");
    const again = await caller(admin)
      .invitation.revoke({ id: grace?.id ?? "" })
      .catch((err: unknown) => err);
    expect((again as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
  });
});

describe("email router", () => {
  it("hides console-invitation emails from collaborators and retries a Failed email", async () => {
    const org = await t.db.organization.create({ data: { name: "Initech" } });
    await caller(admin).invitation.create({
      organizationId: org.id,
      invitees: ["milton@example.com"],
    });
    await caller(admin).invitation.create({ consoleRole: "admin", invitees: ["bill@example.com"] });
    const consoleMail = await t.db.emailOutbox.findFirstOrThrow({
      where: { to: "bill@example.com" },
    });
    const orgMail = await t.db.emailOutbox.findFirstOrThrow({
      where: { to: "milton@example.com" },
    });

    expect((await caller(admin).email.list({ q: "bill@example.com" })).total).toBe(1);
    expect((await caller(collaborator).email.list({ q: "bill@example.com" })).total).toBe(0);
    const hidden = await caller(collaborator)
      .email.get({ id: consoleMail.id })
      .catch((err: unknown) => err);
    expect((hidden as TRPCError).code).toBe("NOT_FOUND");

    const notFailed = await caller(collaborator)
      .email.retry({ id: orgMail.id })
      .catch((err: unknown) => err);
    expect((notFailed as TRPCError).code).toBe("CONFLICT");
    await t.db.emailOutbox.update({
      where: { id: orgMail.id },
      data: { status: "Failed", lastError: "451 down" },
    });
    const before = kicks;
    const retried = await caller(collaborator).email.retry({ id: orgMail.id });
    expect(retried).toMatchObject({ id: orgMail.id, status: "Pending", lastError: "451 down" });
    expect(retried).not.toHaveProperty("html");
    expect(kicks).toBe(before + 1);
    const anonymous = await caller(null)
      .email.retry({ id: orgMail.id })
      .catch((err: unknown) => err);
    expect((anonymous as TRPCError).code).toBe("UNAUTHORIZED");
  });
});
