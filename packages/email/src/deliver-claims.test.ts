import { describe, expect, it } from "vitest";
import { deliverPendingEmails, enqueueEmail, SENDING_LEASE_MS } from "./outbox.ts";
import { type EmailTransport } from "./transport.ts";
import { db, dueTime, email, silent, useOutboxTestDatabase } from "./outbox-test-kit.ts";

useOutboxTestDatabase();

describe("deliverPendingEmails claims", () => {
  const ok: EmailTransport = { kind: "local", send: async () => {}, close() {} };

  it("takes over a row stuck in Sending for more than 5 minutes", async () => {
    const { id } = await enqueueEmail(db, email());
    const claimedAt = await dueTime(id);
    // A run that claims the row and never finishes (its process died mid-send).
    const hung: EmailTransport = {
      kind: "local",
      send: () => new Promise<void>(() => {}),
      close() {},
    };
    void deliverPendingEmails({ db, transport: hung, now: claimedAt });
    await expect
      .poll(async () => (await db.emailOutbox.findUniqueOrThrow({ where: { id } })).status)
      .toBe("Sending");

    const within = new Date(claimedAt.getTime() + SENDING_LEASE_MS - 1);
    expect((await deliverPendingEmails({ db, transport: ok, now: within })).claimed).toBe(0);

    const after = new Date(claimedAt.getTime() + SENDING_LEASE_MS);
    expect(await deliverPendingEmails({ db, transport: ok, now: after })).toMatchObject({
      claimed: 1,
      sent: 1,
    });
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "Sent",
      attempts: 2,
    });
  });

  it("ignores the late result of a run whose claim was taken over", async () => {
    const { id } = await enqueueEmail(db, email());
    const claimedAt = await dueTime(id);
    let finishLate: (() => void) | undefined;
    const late: EmailTransport = {
      kind: "local",
      send: () =>
        new Promise<void>(
          (_resolve, reject) => (finishLate = () => reject(new Error("late failure"))),
        ),
      close() {},
    };
    const first = deliverPendingEmails({ db, transport: late, now: claimedAt, logger: silent });
    await expect.poll(() => finishLate).toBeDefined();

    const after = new Date(claimedAt.getTime() + SENDING_LEASE_MS);
    await deliverPendingEmails({ db, transport: ok, now: after });
    finishLate?.();
    expect(await first).toMatchObject({ claimed: 1, retrying: 0, failed: 0 });
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "Sent",
      attempts: 2,
      lastError: null,
    });
  });

  it("gives up on a row that died mid-send after its retry window", async () => {
    const { id } = await enqueueEmail(db, email());
    const now = await dueTime(id);
    await db.emailOutbox.update({
      where: { id },
      data: {
        status: "Sending",
        attempts: 30,
        nextAttemptAt: now,
        queuedAt: new Date(now.getTime() - 25 * 3_600_000),
      },
    });
    expect(await deliverPendingEmails({ db, transport: ok, now })).toEqual({
      claimed: 0,
      sent: 0,
      retrying: 0,
      failed: 1,
    });
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("Failed");
    expect(row.lastError).toMatch(/interrupted/);
  });

  it("claims at most batchSize rows, oldest due first", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await enqueueEmail(db, email())).id);
    const sent: string[] = [];
    const recording: EmailTransport = {
      kind: "local",
      send: async (e) => void sent.push(e.id ?? ""),
      close() {},
    };
    const now = new Date(Date.now() + 1000);
    expect(
      (await deliverPendingEmails({ db, transport: recording, now, batchSize: 2 })).claimed,
    ).toBe(2);
    expect(new Set(sent)).toEqual(new Set(ids.slice(0, 2)));
  });
});
