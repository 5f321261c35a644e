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
      createInvitation(endUser, { invitee: "not-an-email" } as never),
      "auth.forbidden",
    );
    await expectDomainError(
      createInvitations(endUser, { invitees: [] } as never),
      "auth.forbidden",
    );
    await expectDomainError(revokeInvitation(endUser, bad), "auth.forbidden");
    await expectDomainError(deleteInvitation(endUser, bad), "auth.forbidden");
    await expectDomainError(
      resendInvitation(endUser, { ...bad, baseUrl: "nope" }),
      "auth.forbidden",
    );
    await expectDomainError(
      acceptInvitationById(endUser, { id: "", acceptedUserId: "" }),
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
