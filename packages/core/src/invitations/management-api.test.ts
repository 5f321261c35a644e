import { describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { fixtures } from "../members/test-fixtures.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import {
  acceptInvitationById,
  createInvitation,
  deleteInvitation,
  getInvitation,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const baseUrl = "https://id.example.com";
const email = () => `${unique("invitee")}@example.com`;

// Console membership is not part of the Management API: for a Management API caller a
// console invitation does not exist, whichever service it asks.
describe("console invitations and the Management API", () => {
  it("read as not found, are left out of lists, and cannot be changed", async () => {
    const machine: ServiceContext = t.ctx({
      actor: { type: "management_api", clientId: unique("client") },
    });
    const org = await f.organization();
    const invitee = email();
    const { invitation: consoleInvitation } = await createInvitation(t.ctx(), {
      consoleRole: "admin",
      invitee,
      baseUrl,
    });
    const { invitation: orgInvitation } = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee,
      baseUrl,
    });
    const id = consoleInvitation.id;

    const error = await expectDomainError(getInvitation(machine, { id }), "invitation.not_found");
    expect([error.message, error.data]).toEqual([`No invitation has id "${id}".`, { id }]);
    await expectDomainError(revokeInvitation(machine, { id }), "invitation.not_found");
    await expectDomainError(deleteInvitation(machine, { id }), "invitation.not_found");
    await expectDomainError(resendInvitation(machine, { id, baseUrl }), "invitation.not_found");
    const user = await f.user({ email: invitee });
    await expectDomainError(
      acceptInvitationById(machine, { id, acceptedUserId: user.id }),
      "invitation.not_found",
    );

    const listed = await listInvitations(machine, { invitee, pageSize: 100 });
    expect(listed.items.map((i) => i.id)).toEqual([orgInvitation.id]);
    expect((await listInvitations(machine, { kind: "console", invitee })).total).toBe(0);
    expect((await getInvitation(machine, { id: orgInvitation.id })).id).toBe(orgInvitation.id);

    // Untouched, and still there for a console admin.
    expect(await getInvitation(t.ctx(), { id })).toMatchObject({
      id,
      kind: "console",
      status: "Pending",
    });
    expect((await listInvitations(t.ctx(), { invitee })).total).toBe(2);
  });
});
