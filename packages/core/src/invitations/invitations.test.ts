import { createTransport, startOutboxWorker } from "@guildhall/email";
import { startSmtpSink } from "@guildhall/email/testing";
import { invitation as invitationSchema, invitationLanding } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { expectCode, fixtures } from "../members/test-fixtures.ts";
import { outboxSealer } from "../crypto/outbox-sealer.ts";
import { expectDomainError, TEST_INSTANCE_SECRET, unique, useTestDatabase } from "../test-utils.ts";
import {
  acceptInvitation,
  acceptInvitationById,
  createInvitation,
  createInvitations,
  declineInvitation,
  deleteInvitation,
  getInvitation,
  getInvitationLanding,
  getEmail,
  listEmails,
  listInvitations,
  resendInvitation,
  retryEmail,
  revokeInvitation,
  signUpWithInvitation,
} from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const baseUrl = "https://id.example.com";
const email = () => `${unique("invitee")}@example.com`;
const tokenOf = (link: string) => link.split("/invite/")[1] ?? "";
const asUser = (userId: string, now?: () => Date) =>
  t.ctx({ actor: { type: "user", userId }, ...(now ? { now } : {}) });

async function setup() {
  const org = await f.organization();
  const role = await f.role();
  return { org, role };
}

describe("createInvitation", () => {
  it("writes the invitation, its roles and the email in one go; the link carries a token stored only as a hash", async () => {
    const { org, role } = await setup();
    const invitee = email();
    const inviter = await f.user({ name: "Ada" });
    const { invitation, link } = await createInvitation(
      t.ctx({ actor: { type: "console", userId: inviter.id, role: "admin" } }),
      {
        organizationId: org.id,
        invitee: invitee.toUpperCase(),
        organizationRoleIds: [role.id],
        baseUrl: `${baseUrl}/`,
      },
    );
    expect(invitationSchema.strict().parse(invitation)).toEqual(invitation);
    expect(invitation).toMatchObject({
      kind: "organization",
      organizationId: org.id,
      organization: { id: org.id, name: org.name },
      invitee,
      inviterId: inviter.id,
      inviter: { id: inviter.id, name: "Ada" },
      status: "Pending",
      organizationRoles: [{ id: role.id, name: role.name }],
    });
    const days = (invitation.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
    expect(link).toMatch(/^https:\/\/id\.example\.com\/invite\/[A-Za-z0-9_-]{43}$/);

    const row = await t
      .db()
      .organizationInvitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(tokenOf(link));
    expect(row.pendingKey).toBe(`${org.id}:${invitee}`);
    const emails = await t.db().emailOutbox.findMany({ where: { invitationId: invitation.id } });
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      to: invitee,
      kind: "organization-invitation",
      status: "Pending",
    });
    // The outbox keeps the link readable only redacted; the email as sent is sealed.
    expect(emails[0]).toMatchObject({ redacted: true });
    expect(emails[0]?.text).toContain(`${baseUrl}/invite/…`);
    expect(emails[0]?.html).toContain(`${baseUrl}/invite/…`);
    expect(JSON.stringify(emails[0])).not.toContain(tokenOf(link));
    expect(emails[0]?.subject).toContain("Ada");
  });

  it("rejects unknown roles, machine-to-machine roles, a past expiry and an unknown organization", async () => {
    const { org } = await setup();
    const m2m = await f.role({ type: "MachineToMachine" });
    await expectCode(
      createInvitation(t.ctx(), {
        organizationId: org.id,
        invitee: email(),
        organizationRoleIds: ["nope"],
        baseUrl,
      }),
      "member.role_not_found",
    );
    await expectCode(
      createInvitation(t.ctx(), {
        organizationId: org.id,
        invitee: email(),
        organizationRoleIds: [m2m.id],
        baseUrl,
      }),
      "member.role_type_mismatch",
    );
    await expectCode(
      createInvitation(t.ctx(), {
        organizationId: org.id,
        invitee: email(),
        expiresAt: new Date(Date.now() - 1000),
        baseUrl,
      }),
      "guard.invalid_input",
    );
    await expectCode(
      createInvitation(t.ctx(), { organizationId: "ghost", invitee: email(), baseUrl }),
      "organization.not_found",
    );
    await expectCode(
      createInvitation(t.ctx(), { invitee: email(), baseUrl }),
      "guard.invalid_input",
    );
    await expectCode(
      createInvitation(asUser("x"), { organizationId: org.id, invitee: email(), baseUrl }),
      "auth.forbidden",
    );
    expect(await t.db().organizationInvitation.count({ where: { organizationId: org.id } })).toBe(
      0,
    );
  });

  it("rejects an invitee who is already a member, with a clear error", async () => {
    const { org } = await setup();
    const user = await f.user();
    await f.member(org.id, user.id);
    const error = await expectCode(
      createInvitation(t.ctx(), {
        organizationId: org.id,
        invitee: user.email.toUpperCase(),
        baseUrl,
      }),
      "invitation.already_member",
    );
    expect(error.message).toContain("already a member");
  });

  it("refuses a second pending invitation for the same email and organization (unique index), but allows it elsewhere or once the first ended", async () => {
    const { org } = await setup();
    const other = await f.organization();
    const invitee = email();
    const first = await createInvitation(t.ctx(), { organizationId: org.id, invitee, baseUrl });
    const results = await Promise.allSettled([
      createInvitation(t.ctx(), { organizationId: org.id, invitee, baseUrl }),
      createInvitation(t.ctx(), {
        organizationId: org.id,
        invitee: invitee.toUpperCase(),
        baseUrl,
      }),
    ]);
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: "invitation.pending_exists",
      });
    }
    await createInvitation(t.ctx(), { organizationId: other.id, invitee, baseUrl });
    await revokeInvitation(t.ctx(), { id: first.invitation.id });
    await createInvitation(t.ctx(), { organizationId: org.id, invitee, baseUrl });
  });

  it("writes nothing when the outbox insert fails", async () => {
    const { org, role } = await setup();
    await t.db()
      .$executeRawUnsafe(`CREATE OR REPLACE FUNCTION fail_outbox() RETURNS trigger AS $$ BEGIN
      IF NEW."to" LIKE 'outbox-fails%' THEN RAISE EXCEPTION 'outbox is down'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await t
      .db()
      .$executeRawUnsafe(
        `CREATE TRIGGER fail_outbox BEFORE INSERT ON email_outbox FOR EACH ROW EXECUTE FUNCTION fail_outbox()`,
      );
    const invitee = `outbox-fails-${unique("x")}@example.com`;
    try {
      await expect(
        createInvitation(t.ctx(), {
          organizationId: org.id,
          invitee,
          organizationRoleIds: [role.id],
          baseUrl,
        }),
      ).rejects.toThrow();
      expect(await t.db().organizationInvitation.count({ where: { invitee } })).toBe(0);
      expect(await t.db().organizationInvitationRole.count({ where: { roleId: role.id } })).toBe(0);
      expect(
        await t
          .db()
          .auditLog.count({ where: { action: "invitation.created", organizationId: org.id } }),
      ).toBe(0);
    } finally {
      await t.db().$executeRawUnsafe(`DROP TRIGGER fail_outbox ON email_outbox`);
    }
  });

  it("can skip the email (share the link another way)", async () => {
    const { org } = await setup();
    const { invitation } = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee: email(),
      sendEmail: false,
      baseUrl,
    });
    expect(await t.db().emailOutbox.count({ where: { invitationId: invitation.id } })).toBe(0);
  });

  it("invites several emails at once, each succeeding or failing alone", async () => {
    const { org, role } = await setup();
    const member = await f.user();
    await f.member(org.id, member.id);
    const a = email();
    const results = await createInvitations(t.ctx(), {
      organizationId: org.id,
      invitees: [a, member.email],
      organizationRoleIds: [role.id],
      baseUrl,
    });
    expect(results.map((r) => [r.invitee, r.error?.code ?? null])).toEqual([
      [a, null],
      [member.email, "invitation.already_member"],
    ]);
  });
});

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

describe("delivery", () => {
  it("the outbox worker delivers the invitation email to a real SMTP sink, with the link in the body", async () => {
    const sink = await startSmtpSink();
    const { org } = await setup();
    const invitee = email();
    const worker = startOutboxWorker({
      db: t.db(),
      transport: createTransport({ smtpUrl: sink.url, from: "Guildhall <no-reply@example.com>" }),
      sealer: outboxSealer(TEST_INSTANCE_SECRET),
      intervalMs: 60_000,
    });
    try {
      const { link } = await createInvitation(
        { ...t.ctx(), onEmailQueued: () => worker.kick() },
        { organizationId: org.id, invitee, baseUrl },
      );
      const received = await waitForRecipient(sink, invitee);
      expect(received.text).toContain(link);
      expect(received.html).toContain(link);
      // The sink has the message before the worker records it as sent: poll for that.
      await expect
        .poll(async () => (await listEmails(t.ctx(), { q: invitee })).items[0], { timeout: 10_000 })
        .toMatchObject({ to: invitee, status: "Sent" });
    } finally {
      await worker.stop();
      await sink.close();
    }
  });
});

/** Every table (and column) of the database that holds `needle` anywhere in a row. */
async function tablesContaining(needle: string): Promise<string[]> {
  const tables = await t.db().$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  const hits: string[] = [];
  for (const { name } of tables) {
    // strpos, not LIKE: base64url tokens contain "_", a LIKE wildcard.
    const [row] = await t
      .db()
      .$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "${name}" r WHERE strpos(r::text, $1) > 0`,
        needle,
      );
    if ((row?.n ?? 0) > 0) hits.push(name);
  }
  return hits;
}

describe("no readable link in the database", () => {
  it("no table holds an invitation token after create, resend and send", async () => {
    const sink = await startSmtpSink();
    const { org } = await setup();
    const invitee = email();
    const worker = startOutboxWorker({
      db: t.db(),
      transport: createTransport({ smtpUrl: sink.url, from: "Guildhall <no-reply@example.com>" }),
      sealer: outboxSealer(TEST_INSTANCE_SECRET),
      intervalMs: 60_000,
    });
    try {
      const ctx = { ...t.ctx(), onEmailQueued: () => worker.kick() };
      const created = await createInvitation(ctx, { organizationId: org.id, invitee, baseUrl });
      const consoleInvite = await createInvitation(ctx, {
        consoleRole: "admin",
        invitee: email(),
        baseUrl,
      });
      expect(await tablesContaining(tokenOf(created.link))).toEqual([]);
      expect(await tablesContaining(tokenOf(consoleInvite.link))).toEqual([]);
      const resent = await resendInvitation(ctx, { id: created.invitation.id, baseUrl });
      expect(await tablesContaining(tokenOf(resent.link))).toEqual([]);

      // Sent: the recipient got the working link; the database still has none.
      await expect
        .poll(() => sink.received.filter((r) => r.envelope.to.includes(invitee)).length, {
          timeout: 10_000,
        })
        .toBe(2);
      expect(sink.received.map((r) => r.text).join("\n")).toContain(resent.link);
      await expect
        .poll(
          async () =>
            (
              await t.db().emailOutbox.findMany({ where: { invitationId: created.invitation.id } })
            ).every((e) => e.status === "Sent" && e.sealedBody === null),
          { timeout: 10_000 },
        )
        .toBe(true);
      for (const link of [created.link, resent.link, consoleInvite.link])
        expect(await tablesContaining(tokenOf(link))).toEqual([]);
    } finally {
      await worker.stop();
      await sink.close();
    }
  });

  it("queues no email (and no invitation) without the instance secret", async () => {
    const { org } = await setup();
    const invitee = email();
    await expect(
      createInvitation(t.ctx({ instanceSecret: undefined }), {
        organizationId: org.id,
        invitee,
        baseUrl,
      }),
    ).rejects.toThrow(/GUILDHALL_SECRET/);
    expect(await t.db().organizationInvitation.count({ where: { invitee } })).toBe(0);
    expect(await t.db().emailOutbox.count({ where: { to: invitee } })).toBe(0);
    // Without an email, there is nothing to seal.
    await createInvitation(t.ctx({ instanceSecret: undefined }), {
      organizationId: org.id,
      invitee,
      baseUrl,
      sendEmail: false,
    });
  });
});

describe("the Emails page", () => {
  const collaborator = () =>
    t.ctx({ actor: { type: "console", userId: "collab", role: "collaborator" } });

  it("shows console-invitation emails to console admins only", async () => {
    const { org } = await setup();
    const orgInvitee = email();
    const adminInvitee = email();
    await createInvitation(t.ctx(), { organizationId: org.id, invitee: orgInvitee, baseUrl });
    await createInvitation(t.ctx(), { consoleRole: "admin", invitee: adminInvitee, baseUrl });
    const consoleMail = await t.db().emailOutbox.findFirstOrThrow({ where: { to: adminInvitee } });
    const orgMail = await t.db().emailOutbox.findFirstOrThrow({ where: { to: orgInvitee } });

    expect((await listEmails(t.ctx(), { q: adminInvitee })).items.map((e) => e.id)).toEqual([
      consoleMail.id,
    ]);
    expect((await getEmail(t.ctx(), { id: consoleMail.id })).text).toContain(`${baseUrl}/invite/…`);

    expect((await listEmails(collaborator(), { q: adminInvitee })).total).toBe(0);
    expect(
      (await listEmails(collaborator(), { pageSize: 100 })).items.every(
        (e) => e.kind === "organization-invitation",
      ),
    ).toBe(true);
    await expectCode(getEmail(collaborator(), { id: consoleMail.id }), "email.not_found");
    const seen = await getEmail(collaborator(), { id: orgMail.id });
    expect(seen).toMatchObject({ id: orgMail.id, redacted: true });
    expect(seen).not.toHaveProperty("sealedBody");
    await expectCode(listEmails(asUser("someone")), "auth.forbidden");
  });

  it("retries a Failed email: queued at once with a new 24-hour window, audited, kicked", async () => {
    const { org } = await setup();
    const orgInvitee = email();
    const adminInvitee = email();
    await createInvitation(t.ctx(), { organizationId: org.id, invitee: orgInvitee, baseUrl });
    await createInvitation(t.ctx(), { consoleRole: "admin", invitee: adminInvitee, baseUrl });
    const orgMail = await t.db().emailOutbox.findFirstOrThrow({ where: { to: orgInvitee } });
    const consoleMail = await t.db().emailOutbox.findFirstOrThrow({ where: { to: adminInvitee } });
    await expectCode(retryEmail(t.ctx(), { id: orgMail.id }), "email.not_failed");
    await t.db().emailOutbox.updateMany({
      where: { id: { in: [orgMail.id, consoleMail.id] } },
      data: { status: "Failed", attempts: 31, lastError: "451 down" },
    });

    const at = new Date(Date.now() + 2 * 86_400_000);
    let kicks = 0;
    const asCollaborator = { ...collaborator(), now: () => at, onEmailQueued: () => (kicks += 1) };
    // A collaborator may retry what they may see, and nothing else.
    await expectCode(retryEmail(asCollaborator, { id: consoleMail.id }), "email.not_found");
    const retried = await retryEmail(asCollaborator, { id: orgMail.id });
    expect(retried).toMatchObject({
      id: orgMail.id,
      status: "Pending",
      queuedAt: at,
      nextAttemptAt: at,
      attempts: 31,
      lastError: "451 down",
    });
    expect(kicks).toBe(1);
    expect(
      await t.db().auditLog.count({
        where: { action: "email.retried", targetId: orgMail.id, actorId: "collab" },
      }),
    ).toBe(1);
    await expectCode(retryEmail(asCollaborator, { id: orgMail.id }), "email.not_failed");
    expect((await retryEmail(t.ctx({ now: () => at }), { id: consoleMail.id })).status).toBe(
      "Pending",
    );

    // A row whose body was removed (queued before the outbox was encrypted) cannot be sent.
    await t.db().emailOutbox.update({
      where: { id: orgMail.id },
      data: { status: "Failed", sealedBody: null },
    });
    const error = await expectDomainError(
      retryEmail(t.ctx(), { id: orgMail.id }),
      "email.body_unavailable",
    );
    expect(error.message).toMatch(/Resend the invitation/);
    await expectCode(retryEmail(t.ctx(), { id: "missing" }), "email.not_found");
  });
});

async function waitForRecipient(sink: Awaited<ReturnType<typeof startSmtpSink>>, to: string) {
  for (let i = 0; i < 100; i += 1) {
    const found = sink.received.find((r) => r.envelope.to.includes(to));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no email to ${to}`);
}
