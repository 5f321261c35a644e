import { invitationLanding } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { expectCode } from "../members/test-fixtures.ts";
import {
  acceptInvitation,
  createInvitation,
  getInvitationLanding,
  listInvitations,
  signUpWithInvitation,
} from "./index.ts";
import { baseUrl, email, invitationTestKit, tokenOf } from "./test-kit.ts";

const { t, asUser, setup } = invitationTestKit();

describe("console invitations", () => {
  it("invites a console member through the same machinery; accepting grants the console role", async () => {
    const invitee = email();
    const { invitation, link } = await createInvitation(t.ctx(), {
      consoleRole: "collaborator",
      invitee,
      baseUrl,
    });
    expect(invitation).toMatchObject({
      kind: "console",
      organizationId: null,
      consoleRole: "collaborator",
    });
    const mail = await t
      .db()
      .emailOutbox.findFirstOrThrow({ where: { invitationId: invitation.id } });
    expect(mail.kind).toBe("console-invitation");
    await expectCode(
      createInvitation(t.ctx({ actor: { type: "console", userId: "c", role: "collaborator" } }), {
        consoleRole: "admin",
        invitee: email(),
        baseUrl,
      }),
      "auth.forbidden",
    );
    const landing = await getInvitationLanding(t.ctx(), { token: tokenOf(link) });
    expect(invitationLanding.parse(landing)).toMatchObject({
      state: "pending",
      kind: "console",
      consoleRole: "collaborator",
      inviteeHasAccount: false,
    });

    await signUpWithInvitation(t.ctx({ actor: { type: "system" } }), {
      token: tokenOf(link),
      name: "Newcomer",
      password: "long enough pw",
    });
    const user = await t.db().user.findUniqueOrThrow({ where: { email: invitee } });
    expect(user.emailVerifiedAt).not.toBeNull();
    await expectCode(
      signUpWithInvitation(t.ctx(), {
        token: tokenOf(link),
        name: "Again",
        password: "long enough pw",
      }),
      "user.email_taken",
    );
    const accepted = await acceptInvitation(asUser(user.id), { token: tokenOf(link) });
    expect(accepted.consoleRole).toBe("collaborator");
    expect(
      (await t.db().consoleMember.findUniqueOrThrow({ where: { userId: user.id } })).role,
    ).toBe("collaborator");
    await expectCode(
      createInvitation(t.ctx(), { consoleRole: "admin", invitee, baseUrl }),
      "invitation.already_member",
    );
  });

  it("lists console invitations alone with kind: console, for admins only; collaborators see organization ones", async () => {
    const { org } = await setup();
    const console1 = (
      await createInvitation(t.ctx(), {
        consoleRole: "admin",
        invitee: email(),
        baseUrl,
        sendEmail: false,
      })
    ).invitation;
    const console2 = (
      await createInvitation(t.ctx(), {
        consoleRole: "collaborator",
        invitee: email(),
        baseUrl,
        sendEmail: false,
      })
    ).invitation;
    const toOrg = (
      await createInvitation(t.ctx(), {
        organizationId: org.id,
        invitee: email(),
        baseUrl,
        sendEmail: false,
      })
    ).invitation;

    const consoleOnly = await listInvitations(t.ctx(), { kind: "console", pageSize: 100 });
    expect(consoleOnly.items.every((i) => i.kind === "console" && i.organizationId === null)).toBe(
      true,
    );
    expect(consoleOnly.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([console2.id, console1.id]),
    );
    expect(consoleOnly.items.map((i) => i.id)).not.toContain(toOrg.id);
    const pendingAdmins = await listInvitations(t.ctx(), {
      kind: "console",
      status: "Pending",
      invitee: console1.invitee,
    });
    expect(pendingAdmins.items.map((i) => [i.id, i.consoleRole])).toEqual([[console1.id, "admin"]]);

    const collaborator = t.ctx({ actor: { type: "console", userId: "c", role: "collaborator" } });
    await expectCode(listInvitations(collaborator, { kind: "console" }), "auth.forbidden");
    const seen = (await listInvitations(collaborator, { pageSize: 100 })).items;
    expect(seen.every((i) => i.kind === "organization")).toBe(true);
  });
});
