import { describe, expect, it } from "vitest";
import { deliverPendingEmails, enqueueEmail, retryDelayMs, retryFailedEmail } from "./outbox.ts";
import { renderEmail } from "./render.ts";
import { db, email, sealer, sink, smtp, useOutboxTestDatabase } from "./outbox-test-kit.ts";

useOutboxTestDatabase();

describe("retryFailedEmail", () => {
  it("queues a Failed email again with a new retry window, once", async () => {
    const rendered = await renderEmail("organization-invitation", {
      organization: { name: "Acme" },
      expiresAt: new Date("2030-01-01T00:00:00Z"),
      link: "https://id.example.test/invite/retry-token-0123456789",
    });
    const { id } = await enqueueEmail(
      db,
      { kind: "organization-invitation", to: "ivy@example.com", ...rendered },
      sealer,
    );
    const failedAt = new Date(Date.now() + 25 * 3_600_000);
    await db.emailOutbox.update({
      where: { id },
      data: { status: "Failed", attempts: 30, lastError: "451 down" },
    });

    expect(await retryFailedEmail(db, "missing", failedAt)).toEqual({ outcome: "not_found" });
    expect(await retryFailedEmail(db, id, failedAt, { kinds: ["console-invitation"] })).toEqual({
      outcome: "not_found",
    });
    const result = await retryFailedEmail(db, id, failedAt);
    expect(result).toMatchObject({
      outcome: "queued",
      email: { id, status: "Pending", queuedAt: failedAt, nextAttemptAt: failedAt, attempts: 30 },
    });
    expect(await retryFailedEmail(db, id, failedAt)).toEqual({
      outcome: "not_failed",
      status: "Pending",
    });

    const now = new Date(failedAt.getTime() + 1);
    expect((await deliverPendingEmails({ db, transport: smtp, sealer, now })).sent).toBe(1);
    const [received] = await sink.waitFor(1);
    expect(received?.text).toContain("https://id.example.test/invite/retry-token-0123456789");
  });

  it("refuses a row whose body was removed", async () => {
    const { id } = await enqueueEmail(db, email());
    await db.emailOutbox.update({
      where: { id },
      data: { status: "Failed", redacted: true, sealedBody: null },
    });
    expect(await retryFailedEmail(db, id, new Date())).toEqual({ outcome: "body_unavailable" });
  });
});

describe("retryDelayMs", () => {
  it("doubles from 10 s, caps at 1 h and spreads by ±25%", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 8].map((f) => retryDelayMs(f, mid))).toEqual([
      10_000, 20_000, 40_000, 80_000, 1_280_000,
    ]);
    expect(retryDelayMs(20, mid)).toBe(3_600_000);
    expect(retryDelayMs(1, () => 0)).toBe(7_500);
    expect(retryDelayMs(1, () => 0.999999)).toBe(12_500);
    expect(retryDelayMs(20, () => 0.999999)).toBe(3_600_000);
  });
});
