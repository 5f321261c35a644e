import { describe, expect, it } from "vitest";
import { enqueueEmail, getOutboxEmail } from "./outbox.ts";
import { db, email, n, useOutboxTestDatabase } from "./outbox-test-kit.ts";

useOutboxTestDatabase();

describe("enqueueEmail", () => {
  it("writes the row with the transaction, so it rolls back with it", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await enqueueEmail(tx, email({ to: "rolled-back@example.com" }));
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await db.emailOutbox.count({ where: { to: "rolled-back@example.com" } })).toBe(0);

    const { invitationId, id } = await db.$transaction(async (tx) => {
      const invitation = await tx.organizationInvitation.create({
        data: {
          invitee: "carol@example.com",
          tokenHash: `hash-${n}`,
          expiresAt: new Date(Date.now() + 86_400_000),
        },
      });
      const queued = await enqueueEmail(
        tx,
        email({ to: " Carol@Example.com ", invitationId: invitation.id }),
      );
      return { invitationId: invitation.id, id: queued.id };
    });
    const row = await getOutboxEmail(db, id);
    expect(row).toMatchObject({
      to: "carol@example.com",
      status: "Pending",
      attempts: 0,
      invitationId,
      lastError: null,
    });
  });

  it("rejects a malformed recipient", async () => {
    await expect(enqueueEmail(db, email({ to: "not-an-address" }))).rejects.toThrow();
  });
});
