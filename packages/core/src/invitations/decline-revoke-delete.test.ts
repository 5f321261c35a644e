import { describe, expect, it } from "vitest";
import { expectCode } from "../members/test-fixtures.ts";
import {
  acceptInvitation,
  createInvitation,
  declineInvitation,
  deleteInvitation,
  getInvitation,
  getInvitationLanding,
  revokeInvitation,
} from "./index.ts";
import { baseUrl, email, invitationTestKit, tokenOf } from "./test-kit.ts";

const { t, asUser, setup } = invitationTestKit();

describe("decline, revoke, delete", () => {
  it("the invitee declines; an admin revokes; ended invitations cannot change", async () => {
    const { org } = await setup();
    const invitee = email();
    const { invitation, link } = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee,
      baseUrl,
    });
    const user = await t.db().user.create({ data: { email: invitee } });
    expect((await declineInvitation(asUser(user.id), { token: tokenOf(link) })).status).toBe(
      "Declined",
    );
    await expectCode(
      acceptInvitation(asUser(user.id), { token: tokenOf(link) }),
      "invitation.already_ended",
    );
    await expectCode(revokeInvitation(t.ctx(), { id: invitation.id }), "invitation.already_ended");

    const second = await createInvitation(t.ctx(), { organizationId: org.id, invitee, baseUrl });
    expect((await revokeInvitation(t.ctx(), { id: second.invitation.id })).status).toBe("Revoked");
    await expectCode(
      acceptInvitation(asUser(user.id), { token: tokenOf(second.link) }),
      "invitation.already_ended",
    );
    await expectCode(
      declineInvitation(asUser(user.id), { token: tokenOf(second.link) }),
      "invitation.already_ended",
    );
    expect(await getInvitationLanding(t.ctx(), { token: tokenOf(second.link) })).toEqual({
      state: "revoked",
    });
    await expectCode(
      revokeInvitation(asUser(user.id), { id: second.invitation.id }),
      "auth.forbidden",
    );

    await deleteInvitation(t.ctx(), { id: second.invitation.id });
    await expectCode(getInvitation(t.ctx(), { id: second.invitation.id }), "invitation.not_found");
    await expectCode(
      deleteInvitation(t.ctx(), { id: second.invitation.id }),
      "invitation.not_found",
    );
  });
});
