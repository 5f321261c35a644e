import { countStatements } from "@guildhall/db/testing";
import { describe, expect, it } from "vitest";
import { acceptInvitation, createInvitation } from "./index.ts";
import { baseUrl, email, invitationTestKit, tokenOf } from "./test-kit.ts";

const { t, f, asUser, setup } = invitationTestKit();

// Round trips are most of what an invitation costs: these bounds make a regression show.
// Statements sent, BEGIN and COMMIT included (issue 17 started from 19 and 22):
// - create, organization invitation with 2 roles, emailed: 6 = one read of the inviter,
//   organization, roles and recent emails; BEGIN; invitation + roles (if the invitee is not
//   a member and no invitation holds the pending key; 2 more when one past its expiry does);
//   outbox row; audit entry with its events; COMMIT.
// - accept by an existing user with an unverified email: 6 = one read of the invitation and
//   the user; BEGIN; accept + membership + roles + email verified; just-in-time provisioning
//   (the user, its claim and the domain's organizations in one); audit entry with its
//   events; COMMIT.
const CREATE_STATEMENTS = 6;
const ACCEPT_STATEMENTS = 6;

async function counted<T>(run: () => Promise<T>) {
  const counter = countStatements(t.db());
  try {
    return { result: await run(), counter };
  } finally {
    counter.stop();
  }
}

describe("statements per invitation", () => {
  it(`createInvitation sends at most ${CREATE_STATEMENTS} statements and acceptInvitation at most ${ACCEPT_STATEMENTS}, none overlapping`, async () => {
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
    expect(create.counter.statements).toContain("BEGIN");
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
  });
});
