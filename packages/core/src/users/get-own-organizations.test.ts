import { ownOrganizations } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { createInvitation, revokeInvitation } from "../invitations/index.ts";
import { expectCode, fixtures } from "../members/test-fixtures.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import { getOwnOrganizations } from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const asUser = (userId: string) => t.ctx({ actor: { type: "user", userId } });
const baseUrl = "https://id.example.com";

describe("getOwnOrganizations", () => {
  it("lists only the caller's own memberships, in joining order, with roles and branding", async () => {
    const me = await f.user();
    const other = await f.user();
    const first = await t.db().organization.create({
      data: {
        name: unique("first"),
        branding: { logoUrl: "https://example.com/logo.png" },
        color: { primaryColor: "#112233" },
      },
    });
    const second = await f.organization();
    const notMine = await f.organization();
    const role = await f.role();
    await f.member(second.id, me.id, [], new Date("2026-02-01T00:00:00Z"));
    await f.member(first.id, me.id, [role.id], new Date("2026-01-01T00:00:00Z"));
    await f.member(notMine.id, other.id, [role.id]);

    const own = await getOwnOrganizations(asUser(me.id));
    expect(ownOrganizations.strict().parse(own)).toEqual(own);
    expect(own.organizations).toEqual([
      {
        id: first.id,
        name: first.name,
        description: null,
        branding: { logoUrl: "https://example.com/logo.png" },
        color: { primaryColor: "#112233" },
        organizationRoles: [{ id: role.id, name: role.name }],
        joinedAt: new Date("2026-01-01T00:00:00Z"),
      },
      {
        id: second.id,
        name: second.name,
        description: null,
        branding: {},
        color: {},
        organizationRoles: [],
        joinedAt: new Date("2026-02-01T00:00:00Z"),
      },
    ]);
  });

  it("works for a console member too: the console role changes nothing about whose rows are read", async () => {
    const me = await f.user();
    const org = await f.organization();
    await f.member(org.id, me.id);
    const own = await getOwnOrganizations(
      t.ctx({ actor: { type: "console", userId: me.id, role: "collaborator" } }),
    );
    expect(own.organizations.map((o) => o.id)).toEqual([org.id]);
  });

  it("shows pending, unexpired invitations to the caller's email only once that email is verified", async () => {
    const me = await f.user();
    const org = await f.organization();
    const role = await f.role();
    const pending = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee: me.email,
      organizationRoleIds: [role.id],
      baseUrl,
      sendEmail: false,
    });
    const revoked = await createInvitation(t.ctx(), {
      consoleRole: "collaborator",
      invitee: me.email,
      baseUrl,
      sendEmail: false,
    });
    await revokeInvitation(t.ctx(), { id: revoked.invitation.id });
    await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee: `${unique("someone-else")}@example.com`,
      baseUrl,
      sendEmail: false,
    });

    expect((await getOwnOrganizations(asUser(me.id))).pendingInvitations).toEqual([]);

    await t.db().user.update({ where: { id: me.id }, data: { emailVerifiedAt: new Date() } });
    const own = await getOwnOrganizations(asUser(me.id));
    expect(own.pendingInvitations).toEqual([
      {
        id: pending.invitation.id,
        kind: "organization",
        organization: { id: org.id, name: org.name },
        consoleRole: null,
        organizationRoles: [role.name],
        inviter: null,
        expiresAt: pending.invitation.expiresAt,
      },
    ]);
    // Past its expiry it no longer shows, whether or not anything marked the row.
    const later = await getOwnOrganizations({
      ...asUser(me.id),
      now: () => new Date(pending.invitation.expiresAt.getTime() + 1),
    });
    expect(later.pendingInvitations).toEqual([]);
  });

  it("needs a signed-in person; the Management API and the system have no organizations of their own", async () => {
    await expectCode(
      getOwnOrganizations(t.ctx({ actor: { type: "management_api", clientId: "m2m" } })),
      "auth.unauthenticated",
    );
    await expectCode(
      getOwnOrganizations(t.ctx({ actor: { type: "system" } })),
      "auth.unauthenticated",
    );
    await expectCode(getOwnOrganizations(asUser("no-such-user")), "user.not_found");
  });
});
