import { describe, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import { acceptInvitation, acceptInvitationById } from "./accept-invitation.ts";
import { declineInvitation } from "./decline-invitation.ts";
import { deleteInvitation } from "./delete-invitation.ts";
import { resendInvitation } from "./resend-invitation.ts";
import { revokeInvitation } from "./revoke-invitation.ts";
import { createInvitation, createInvitations } from "./create-invitation.ts";

const t = useTestDatabase();

// Services check who calls before what they are given: a caller without rights gets the
// same refusal whatever it sends, and the role matrix's deny cells mean what they say.
describe("invitation services authorize before they validate", () => {
  it("refuse an end user, whatever the input", async () => {
    const endUser: ServiceContext = t.ctx({ actor: { type: "user", userId: "someone" } });
    const bad = { id: "" };
    await expectDomainError(
      createInvitations(endUser, { invitees: [] } as never),
      "auth.forbidden",
    );
    await expectDomainError(deleteInvitation(endUser, bad), "auth.forbidden");
    await expectDomainError(
      acceptInvitationById(endUser, { id: "", acceptedUserId: "" }),
      "auth.forbidden",
    );
  });

  // Members invite, resend and revoke in their own organization (guildhall:members:invite,
  // guildhall:invitations:manage), so for an end user the input has to say which
  // organization first: a malformed one is refused as such, a well-formed one as forbidden.
  it("read which organization an end user names, then refuse a non-member", async () => {
    const endUser: ServiceContext = t.ctx({ actor: { type: "user", userId: "someone" } });
    const org = await t.db().organization.create({ data: { name: "Not theirs" } });
    const { invitation } = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee: "invitee@example.com",
      baseUrl: "https://id.example.com",
    });
    await expectDomainError(
      createInvitation(endUser, { invitee: "not-an-email" } as never),
      "guard.invalid_input",
    );
    await expectDomainError(
      createInvitation(endUser, {
        organizationId: org.id,
        invitee: "someone@example.com",
        baseUrl: "https://id.example.com",
      }),
      "auth.forbidden",
    );
    await expectDomainError(revokeInvitation(endUser, { id: "" }), "guard.invalid_input");
    await expectDomainError(revokeInvitation(endUser, { id: invitation.id }), "auth.forbidden");
    await expectDomainError(
      resendInvitation(endUser, { id: invitation.id, baseUrl: "https://id.example.com" }),
      "auth.forbidden",
    );
    // A console invitation is nothing a member can reach.
    await expectDomainError(
      createInvitation(endUser, {
        consoleRole: "collaborator",
        invitee: "someone@example.com",
        baseUrl: "https://id.example.com",
      }),
      "auth.forbidden",
    );
  });

  it("ask a caller without an account to sign in, whatever the token", async () => {
    const machine: ServiceContext = t.ctx({
      actor: { type: "management_api", clientId: "automation" },
    });
    await expectDomainError(acceptInvitation(machine, { token: "!" }), "auth.unauthenticated");
    await expectDomainError(declineInvitation(machine, { token: "!" }), "auth.unauthenticated");
  });
});
