import { describe, expect, it } from "vitest";
import { expectCode } from "../members/test-fixtures.ts";
import { createInvitation, getInvitationLanding, resendInvitation } from "./index.ts";
import { baseUrl, email, invitationTestKit, tokenOf } from "./test-kit.ts";

const { t, setup } = invitationTestKit();

describe("resendInvitation", () => {
  it("sends a new email with a new link; the old link stops working", async () => {
    const { org, role } = await setup();
    const invitee = email();
    const first = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee,
      organizationRoleIds: [role.id],
      baseUrl,
    });
    const second = await resendInvitation(t.ctx(), { id: first.invitation.id, baseUrl });
    expect(second.link).not.toBe(first.link);
    expect(await getInvitationLanding(t.ctx(), { token: tokenOf(first.link) })).toEqual({
      state: "not_found",
    });
    expect((await getInvitationLanding(t.ctx(), { token: tokenOf(second.link) })).state).toBe(
      "pending",
    );
    const emails = await t.db().emailOutbox.findMany({
      where: { invitationId: first.invitation.id },
      orderBy: { createdAt: "asc" },
    });
    expect(emails).toHaveLength(2);
    expect(emails[1]?.text).toContain(`${baseUrl}/invite/…`);
    expect(JSON.stringify(emails)).not.toContain(tokenOf(second.link));
  });

  it("allows at most 10 emails per invitee per 10 minutes, then rate_limited (429)", async () => {
    const { org } = await setup();
    const invitee = email();
    const { invitation } = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee,
      baseUrl,
    });
    for (let i = 0; i < 9; i += 1) await resendInvitation(t.ctx(), { id: invitation.id, baseUrl });
    const error = await expectCode(
      resendInvitation(t.ctx(), { id: invitation.id, baseUrl }),
      "rate_limited",
    );
    expect(error.status).toBe(429);
    expect(await t.db().emailOutbox.count({ where: { to: invitee } })).toBe(10);
    // Ten minutes later the window has moved on.
    const later = () => new Date(Date.now() + 10 * 60_000 + 1000);
    await resendInvitation(t.ctx({ now: later }), { id: invitation.id, baseUrl });
  });
});
