// The expiry sweep: Pending invitations past their expiry become Expired, each with its
// audit entry and OrganizationInvitation.Expired event; nothing else is touched.
import { describe, expect, it } from "vitest";
import { email, invitationTestKit } from "./test-kit.ts";
import { expireInvitations } from "./expire-invitations.ts";

const { t, setup } = invitationTestKit();

async function invitation(organizationId: string, expiresAt: Date) {
  const invitee = email();
  return t.db().organizationInvitation.create({
    data: {
      organizationId,
      invitee,
      tokenHash: `hash-${invitee}`,
      status: "Pending",
      pendingKey: `${organizationId}:${invitee}`,
      expiresAt,
    },
  });
}

describe("expireInvitations", () => {
  it("marks only Pending invitations past their expiry, in bounded batches, with one event each", async () => {
    const { org } = await setup();
    const now = new Date();
    const past = new Date(now.getTime() - 60_000);
    const expired = [
      await invitation(org.id, past),
      await invitation(org.id, past),
      await invitation(org.id, past),
    ];
    const future = await invitation(org.id, new Date(now.getTime() + 60_000));

    const first = await expireInvitations({ db: t.db(), now, batchSize: 2, maxBatches: 1 });
    expect(first).toEqual({ expired: 2, more: true });
    const second = await expireInvitations({ db: t.db(), now, batchSize: 2 });
    expect(second).toEqual({ expired: 1, more: false });

    const rows = await t.db().organizationInvitation.findMany({
      where: { organizationId: org.id },
      select: { id: true, status: true, pendingKey: true },
    });
    for (const row of rows) {
      if (row.id === future.id) expect(row).toMatchObject({ status: "Pending" });
      else expect(row).toMatchObject({ status: "Expired", pendingKey: null });
    }
    const audits = await t.db().auditLog.findMany({
      where: { action: "invitation.expired", organizationId: org.id },
    });
    expect(audits.map((a) => a.targetId).sort()).toEqual(expired.map((i) => i.id).sort());
    expect(audits.every((a) => a.actorType === "system")).toBe(true);
    const events = await t.db().domainEvent.findMany({
      where: { event: "OrganizationInvitation.Expired", organizationId: org.id },
    });
    expect(events.map((e) => (e.data as { id: string }).id).sort()).toEqual(
      expired.map((i) => i.id).sort(),
    );

    // Nothing left: a second sweep is a no-op.
    expect(await expireInvitations({ db: t.db(), now })).toEqual({ expired: 0, more: false });
  });
});
