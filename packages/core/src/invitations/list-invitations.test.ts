import { describe, expect, it } from "vitest";
import { createInvitation, listInvitations, revokeInvitation } from "./index.ts";
import { baseUrl, email, invitationTestKit } from "./test-kit.ts";

const { t, f, setup } = invitationTestKit();

describe("list and get", () => {
  it("filters by organization, inviter, invitee and status, paginated", async () => {
    const { org } = await setup();
    const inviter = await f.user();
    const asInviter = t.ctx({ actor: { type: "console", userId: inviter.id, role: "admin" } });
    const made = [];
    for (let i = 0; i < 3; i += 1)
      made.push(
        (await createInvitation(asInviter, { organizationId: org.id, invitee: email(), baseUrl }))
          .invitation,
      );
    await revokeInvitation(t.ctx(), { id: made[0]?.id ?? "" });
    const page = await listInvitations(t.ctx(), { organizationId: org.id, pageSize: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.id)).toEqual([made[2]?.id, made[1]?.id]);
    expect(
      (await listInvitations(t.ctx(), { organizationId: org.id, status: "Revoked" })).items.map(
        (i) => i.id,
      ),
    ).toEqual([made[0]?.id]);
    expect((await listInvitations(t.ctx(), { inviterId: inviter.id })).total).toBe(3);
    expect(
      (await listInvitations(t.ctx(), { invitee: made[1]?.invitee.toUpperCase() })).items.map(
        (i) => i.id,
      ),
    ).toEqual([made[1]?.id]);
  });
});
