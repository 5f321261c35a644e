import { describe, expect, it } from "vitest";
import { expectCode } from "../members/test-fixtures.ts";
import { expectDomainError } from "../test-utils.ts";
import { createInvitation, getEmail, listEmails, retryEmail } from "./index.ts";
import { baseUrl, email, invitationTestKit } from "./test-kit.ts";

const { t, asUser, setup } = invitationTestKit();

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
