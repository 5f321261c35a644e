import { describe, expect, it } from "vitest";
import { expectCode } from "../members/test-fixtures.ts";
import {
  acceptInvitation,
  acceptInvitationById,
  createInvitation,
  declineInvitation,
  getInvitation,
  getInvitationLanding,
  listInvitations,
  resendInvitation,
  revokeInvitation,
  signUpWithInvitation,
} from "./index.ts";
import { baseUrl, email, invitationTestKit, tokenOf } from "./test-kit.ts";

const { t, f, asUser, setup } = invitationTestKit();

describe("acceptInvitation", () => {
  it("makes the invitee a member with the roles and verifies the email; the invitation ends", async () => {
    const { org, role } = await setup();
    const invitee = email();
    const { invitation, link } = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee,
      organizationRoleIds: [role.id],
      baseUrl,
    });
    const user = await t.db().user.create({ data: { email: invitee } });
    const accepted = await acceptInvitation(asUser(user.id), { token: tokenOf(link) });
    expect(accepted).toMatchObject({
      organization: { id: org.id },
      organizationRoles: [{ id: role.id }],
      invitation: { status: "Accepted", acceptedUserId: user.id },
    });
    const roles = await t
      .db()
      .organizationMemberRole.findMany({ where: { organizationId: org.id, userId: user.id } });
    expect(roles.map((r) => r.roleId)).toEqual([role.id]);
    expect(
      (await t.db().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt,
    ).not.toBeNull();
    const row = await t
      .db()
      .organizationInvitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.pendingKey).toBeNull();
    const again = await expectCode(
      acceptInvitation(asUser(user.id), { token: tokenOf(link) }),
      "invitation.already_ended",
    );
    expect(again.message).toContain("already been accepted");
    await expectCode(revokeInvitation(t.ctx(), { id: invitation.id }), "invitation.already_ended");
    expect(await getInvitationLanding(t.ctx(), { token: tokenOf(link) })).toEqual({
      state: "accepted",
    });
  });

  it("adds the roles when the user is already a member (joined meanwhile)", async () => {
    const { org, role } = await setup();
    const kept = await f.role();
    const invitee = email();
    const { link } = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee,
      organizationRoleIds: [role.id],
      baseUrl,
    });
    const user = await t.db().user.create({ data: { email: invitee } });
    await f.member(org.id, user.id, [kept.id]);
    await acceptInvitation(asUser(user.id), { token: tokenOf(link) });
    const roles = await t
      .db()
      .organizationMemberRole.findMany({ where: { organizationId: org.id, userId: user.id } });
    expect(roles.map((r) => r.roleId).sort()).toEqual([role.id, kept.id].sort());
  });

  it("accepts only for the invitee (case-insensitive), signed in", async () => {
    const { org } = await setup();
    const invitee = email();
    const { link } = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee: invitee.toUpperCase(),
      baseUrl,
    });
    const stranger = await f.user();
    const error = await expectCode(
      acceptInvitation(asUser(stranger.id), { token: tokenOf(link) }),
      "invitation.email_mismatch",
    );
    expect(error.message).toContain(stranger.email);
    await expectCode(
      declineInvitation(asUser(stranger.id), { token: tokenOf(link) }),
      "invitation.email_mismatch",
    );
    await expectCode(
      acceptInvitation(t.ctx({ actor: { type: "system" } }), { token: tokenOf(link) }),
      "auth.unauthenticated",
    );
    await expectCode(
      acceptInvitation(asUser(stranger.id), { token: "A".repeat(43) }),
      "invitation.not_found",
    );
  });

  it("two concurrent accepts produce exactly one membership", async () => {
    const { org, role } = await setup();
    const invitee = email();
    const { link } = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee,
      organizationRoleIds: [role.id],
      baseUrl,
    });
    const user = await t.db().user.create({ data: { email: invitee } });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => acceptInvitation(asUser(user.id), { token: tokenOf(link) })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect(r.reason).toMatchObject({ code: "invitation.already_ended" });
    }
    expect(
      await t.db().organizationMember.count({ where: { organizationId: org.id, userId: user.id } }),
    ).toBe(1);
    expect(
      await t
        .db()
        .organizationMemberRole.count({ where: { organizationId: org.id, userId: user.id } }),
    ).toBe(1);
    expect(
      await t
        .db()
        .auditLog.count({ where: { action: "invitation.accepted", organizationId: org.id } }),
    ).toBe(1);
  });

  it("enforces expiry at read time with a frozen clock, whether or not the row was marked", async () => {
    const { org } = await setup();
    const t0 = new Date("2030-01-01T00:00:00Z");
    const at = (ms: number) => () => new Date(t0.getTime() + ms);
    const invitee = email();
    const { invitation, link } = await createInvitation(t.ctx({ now: at(0) }), {
      organizationId: org.id,
      invitee,
      expiresAt: new Date(t0.getTime() + 3_600_000),
      baseUrl,
    });
    const user = await t.db().user.create({ data: { email: invitee } });
    expect((await getInvitation(t.ctx({ now: at(3_599_000) }), { id: invitation.id })).status).toBe(
      "Pending",
    );
    const later = at(3_600_000);
    expect((await getInvitation(t.ctx({ now: later }), { id: invitation.id })).status).toBe(
      "Expired",
    );
    expect(
      (await t.db().organizationInvitation.findUniqueOrThrow({ where: { id: invitation.id } }))
        .status,
    ).toBe("Pending");
    expect(await getInvitationLanding(t.ctx({ now: later }), { token: tokenOf(link) })).toEqual({
      state: "expired",
    });
    await expectCode(
      acceptInvitation(asUser(user.id, later), { token: tokenOf(link) }),
      "invitation.expired",
    );
    await expectCode(
      resendInvitation(t.ctx({ now: later }), { id: invitation.id, baseUrl }),
      "invitation.expired",
    );
    await expectCode(
      signUpWithInvitation(t.ctx({ now: later }), {
        token: tokenOf(link),
        name: "X",
        password: "long enough pw",
      }),
      "invitation.expired",
    );
    expect(await t.db().organizationMember.count({ where: { organizationId: org.id } })).toBe(0);

    const listed = await listInvitations(t.ctx({ now: later }), {
      organizationId: org.id,
      status: "Expired",
    });
    expect(listed.items.map((i) => i.id)).toEqual([invitation.id]);
    expect(
      (await listInvitations(t.ctx({ now: later }), { organizationId: org.id, status: "Pending" }))
        .total,
    ).toBe(0);
    // A new invitation takes over the key of the expired one.
    await createInvitation(t.ctx({ now: later }), {
      organizationId: org.id,
      invitee,
      expiresAt: new Date(t0.getTime() + 7_200_000),
      baseUrl,
    });
    expect(
      (await t.db().organizationInvitation.findUniqueOrThrow({ where: { id: invitation.id } }))
        .status,
    ).toBe("Expired");
  });

  it("accepts on a user's behalf by id (Management API) and checks the email", async () => {
    const { org } = await setup();
    const invitee = email();
    const { invitation } = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee,
      baseUrl,
    });
    const stranger = await f.user();
    await expectCode(
      acceptInvitationById(t.ctx(), { id: invitation.id, acceptedUserId: stranger.id }),
      "invitation.email_mismatch",
    );
    const user = await t.db().user.create({ data: { email: invitee } });
    await acceptInvitationById(t.ctx(), { id: invitation.id, acceptedUserId: user.id });
    expect(
      await t.db().organizationMember.count({ where: { organizationId: org.id, userId: user.id } }),
    ).toBe(1);
  });
});
