// The Email settings page: what the transport is, and "Send test email" (console admins only,
// queued in the outbox like any email, throttled per admin).
import type { EmailTransportInfo } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { fixtures } from "../members/test-fixtures.ts";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import { getEmailSettings, sendTestEmail } from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const smtp: EmailTransportInfo = {
  kind: "smtp",
  host: "smtp.example.com",
  port: 587,
  secure: false,
  from: "Guildhall <no-reply@example.com>",
};
const local: EmailTransportInfo = { kind: "local", from: "Guildhall <no-reply@localhost>" };
const opts = { transport: smtp, baseUrl: "https://id.example.com" };

async function admin() {
  const u = await f.user({ name: "Ada" });
  return t.ctx({ actor: { type: "console", userId: u.id, role: "admin" } });
}

describe("email settings", () => {
  it("shows the transport to console admins only", async () => {
    expect(getEmailSettings(await admin(), smtp)).toEqual(smtp);
    expect(getEmailSettings(await admin(), local)).toEqual(local);
    for (const actor of [
      { type: "console", userId: "c", role: "collaborator" },
      { type: "user", userId: "u" },
      { type: "management_api", clientId: "m2m" },
    ] as const) {
      await expectDomainError(
        Promise.resolve().then(() => getEmailSettings(t.ctx({ actor }), smtp)),
        "auth.forbidden",
      );
    }
  });

  it("queues a test email in the outbox, kicks the worker and audits it", async () => {
    const ctx = await admin();
    let kicked = 0;
    const result = await sendTestEmail(
      { ...ctx, onEmailQueued: () => (kicked += 1) },
      { to: "  Someone@Example.COM " },
      opts,
    );
    expect(result).toEqual({
      id: expect.any(String) as string,
      to: "someone@example.com",
      transport: "smtp",
    });
    expect(kicked).toBe(1);
    const row = await t.db().emailOutbox.findUniqueOrThrow({ where: { id: result.id } });
    expect(row).toMatchObject({
      kind: "test-email",
      to: "someone@example.com",
      subject: "Test email from Guildhall",
      status: "Pending",
      redacted: false,
    });
    expect(row.text).toContain("smtp.example.com:587");
    expect(row.text).toContain("https://id.example.com");
    const { userId } = ctx.actor as { userId: string };
    expect(
      await t
        .db()
        .auditLog.findFirst({ where: { action: "email.test_sent", targetId: result.id } }),
    ).toMatchObject({ actorId: userId, targetType: "email" });

    const viaLocal = await sendTestEmail(
      ctx,
      { to: "x@example.com" },
      { ...opts, transport: local },
    );
    expect(viaLocal.transport).toBe("local");
    const localRow = await t.db().emailOutbox.findUniqueOrThrow({ where: { id: viaLocal.id } });
    expect(localRow.text).toContain("the local outbox");
  });

  it("is for console admins only, and refuses a malformed address", async () => {
    const before = await t.db().emailOutbox.count();
    for (const actor of [
      { type: "console", userId: "c", role: "collaborator" },
      { type: "user", userId: "u" },
      { type: "management_api", clientId: "m2m" },
      { type: "system" },
    ] as const) {
      await expectDomainError(
        sendTestEmail(t.ctx({ actor }), { to: "a@example.com" }, opts),
        "auth.forbidden",
      );
    }
    await expectDomainError(
      sendTestEmail(await admin(), { to: "not an address" }, opts),
      "guard.invalid_input",
    );
    expect(await t.db().emailOutbox.count()).toBe(before);
  });

  it("lets each admin send 5, then asks them to wait", async () => {
    const ctx = await admin();
    for (let i = 0; i < 5; i += 1) await sendTestEmail(ctx, { to: `n${i}@example.com` }, opts);
    const error = await expectDomainError(
      sendTestEmail(ctx, { to: "n5@example.com" }, opts),
      "rate_limited",
    );
    expect(error.data?.retryAfterSeconds).toBeGreaterThan(0);
    expect(await t.db().emailOutbox.count({ where: { to: "n5@example.com" } })).toBe(0);
    // Another admin has a count of their own.
    await sendTestEmail(await admin(), { to: "n5@example.com" }, opts);
  });
});
