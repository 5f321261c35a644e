import { countStatements } from "@guildhall/db/testing";
import { describe, expect, it } from "vitest";
import { acceptInvitation, createInvitation } from "./index.ts";
import { baseUrl, email, invitationTestKit, tokenOf } from "./test-kit.ts";

const { t, f, asUser, setup } = invitationTestKit();

// Round trips are most of what an invitation costs: these bounds make a regression show.
// Statements sent, BEGIN and COMMIT included (issue 17 started from 19 and 22):
// - create, organization invitation with 2 roles, emailed: 2 = one read of the inviter,
//   organization, roles and recent emails; one write of the invitation, its roles, the outbox
//   row and the audit entry with its events (if the invitee is not a member and no invitation
//   holds the pending key; BEGIN, 2 more and COMMIT when one past its expiry does).
// - accept by an existing user with an unverified email: 5 = one read of the invitation and
//   the user; BEGIN; accept + membership + roles + email verified + audit entry; just-in-time
//   provisioning (the user, its claim and the domain's organizations in one); COMMIT.
// - accept by a user whose address is verified already: 2 = the read; the accept with its
//   audit entry (nothing to verify, nothing to provision: no transaction block).
const CREATE_STATEMENTS = 2;
const ACCEPT_STATEMENTS = 5;
const ACCEPT_VERIFIED_STATEMENTS = 2;

async function counted<T>(run: () => Promise<T>) {
  const counter = countStatements(t.db());
  try {
    return { result: await run(), counter };
  } finally {
    counter.stop();
  }
}

describe("statements per invitation", () => {
  it(`createInvitation sends at most ${CREATE_STATEMENTS} statements and acceptInvitation (new address) at most ${ACCEPT_STATEMENTS}, none overlapping`, async () => {
    const { org, role } = await setup();
    const second = await f.role();
    const inviter = await f.user();
    const invitee = email();
    const create = await counted(() =>
      createInvitation(t.ctx({ actor: { type: "console", userId: inviter.id, role: "admin" } }), {
        organizationId: org.id,
        invitee,
        organizationRoleIds: [role.id, second.id],
        baseUrl,
      }),
    );
    expect(create.result.invitation).toMatchObject({
      inviter: { id: inviter.id },
      organization: { id: org.id },
      status: "Pending",
    });
    expect(create.result.invitation.organizationRoles.map((r) => r.id).sort()).toEqual(
      [role.id, second.id].sort(),
    );
    expect(create.counter.statements).not.toContain("BEGIN");
    expect(create.counter.count).toBeLessThanOrEqual(CREATE_STATEMENTS);
    expect(create.counter.overlapping).toEqual([]);

    const user = await f.user({ email: invitee });
    const accept = await counted(() =>
      acceptInvitation(asUser(user.id), { token: tokenOf(create.result.link) }),
    );
    expect(accept.result).toMatchObject({
      invitation: { status: "Accepted", acceptedUserId: user.id },
      organization: { id: org.id },
    });
    expect(accept.result.organizationRoles).toHaveLength(2);
    expect(accept.counter.statements).toContain("COMMIT");
    expect(accept.counter.count).toBeLessThanOrEqual(ACCEPT_STATEMENTS);
    expect(accept.counter.overlapping).toEqual([]);
    expect(
      await t.db().auditLog.count({
        where: { action: { startsWith: "invitation." }, targetId: create.result.invitation.id },
      }),
    ).toBe(2);
  });

  it(`acceptInvitation by a user whose address is verified sends ${ACCEPT_VERIFIED_STATEMENTS} statements, no transaction block`, async () => {
    const { org, role } = await setup();
    const invitee = email();
    const { link, invitation } = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee,
      organizationRoleIds: [role.id],
      baseUrl,
    });
    const user = await f.user({ email: invitee });
    await t.db().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
    const accept = await counted(() => acceptInvitation(asUser(user.id), { token: tokenOf(link) }));
    expect(accept.result.invitation).toMatchObject({ status: "Accepted", acceptedUserId: user.id });
    expect(accept.counter.statements).not.toContain("BEGIN");
    expect(accept.counter.count).toBeLessThanOrEqual(ACCEPT_VERIFIED_STATEMENTS);
    expect(
      await t
        .db()
        .organizationMemberRole.count({ where: { organizationId: org.id, userId: user.id } }),
    ).toBe(1);
    expect(
      await t
        .db()
        .auditLog.count({ where: { action: "invitation.accepted", targetId: invitation.id } }),
    ).toBe(1);
  });
});
