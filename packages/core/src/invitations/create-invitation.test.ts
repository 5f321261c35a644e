import { invitation as invitationSchema } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { expectCode } from "../members/test-fixtures.ts";
import { unique } from "../test-utils.ts";
import { createInvitation, createInvitations, revokeInvitation } from "./index.ts";
import { baseUrl, email, invitationTestKit, tokenOf } from "./test-kit.ts";

const { t, f, asUser, setup } = invitationTestKit();

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
    // The email and the audit entry are written only beside an invitation.
    expect(await t.db().emailOutbox.count({ where: { to: user.email.toLowerCase() } })).toBe(0);
    expect(
      await t
        .db()
        .auditLog.count({ where: { action: "invitation.created", organizationId: org.id } }),
    ).toBe(0);
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
    // The refused ones wrote nothing: one email, one audit entry, those of the first.
    expect(await t.db().emailOutbox.count({ where: { to: invitee } })).toBe(1);
    expect(
      await t
        .db()
        .auditLog.count({ where: { action: "invitation.created", organizationId: org.id } }),
    ).toBe(1);
    await createInvitation(t.ctx(), { organizationId: other.id, invitee, baseUrl });
    await revokeInvitation(t.ctx(), { id: first.invitation.id });
    await createInvitation(t.ctx(), { organizationId: org.id, invitee, baseUrl });
  });

  it("takes the place of an invitation past its expiry that nothing marked yet, and reports it expired", async () => {
    const { org } = await setup();
    const invitee = email();
    const stale = await createInvitation(t.ctx(), { organizationId: org.id, invitee, baseUrl });
    // Past its expiry, still Pending: the sweep has not run yet.
    await t.db().organizationInvitation.update({
      where: { id: stale.invitation.id },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
    const fresh = await createInvitation(t.ctx(), { organizationId: org.id, invitee, baseUrl });
    expect(fresh.invitation.status).toBe("Pending");
    const old = await t.db().organizationInvitation.findUniqueOrThrow({
      where: { id: stale.invitation.id },
    });
    expect(old).toMatchObject({ status: "Expired", pendingKey: null });
    expect(
      await t.db().auditLog.count({
        where: { action: "invitation.expired", targetId: stale.invitation.id },
      }),
    ).toBe(1);
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
