// Organization-token grants carry the membership's roles version (the token's `mv`), and it
// grows when the holder's roles change, for users and for applications.
import { describe, expect, it } from "vitest";
import { assignMemberRoles, removeMemberRole } from "../members/index.ts";
import { fixtures } from "../members/test-fixtures.ts";
import {
  addOrganizationApplications,
  assignOrganizationApplicationRoles,
} from "../organization-applications/index.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import { resolveOrganizationTokenGrant } from "./resolve-organization-token-grant.ts";

const t = useTestDatabase();
const f = fixtures(t.db);

describe("membership version in organization-token grants", () => {
  it("is the member's rolesVersion, and grows after a role change", async () => {
    const org = await f.organization();
    const u = await f.user();
    const [a, b] = [await f.role(), await f.role()];
    await f.member(org.id, u.id, [a.id]);
    const subject = { type: "user", userId: u.id } as const;
    const first = await resolveOrganizationTokenGrant(t.db(), { organizationId: org.id, subject });
    const row = await t.db().organizationMember.findFirstOrThrow({ where: { userId: u.id } });
    expect(first.membershipVersion).toBe(String(row.rolesVersion));

    await assignMemberRoles(t.ctx(), {
      organizationId: org.id,
      userId: u.id,
      organizationRoleIds: [b.id],
      organizationRoleNames: [],
    });
    await removeMemberRole(t.ctx(), {
      organizationId: org.id,
      userId: u.id,
      organizationRoleId: a.id,
    });
    const later = await resolveOrganizationTokenGrant(t.db(), { organizationId: org.id, subject });
    expect(BigInt(later.membershipVersion ?? 0)).toBeGreaterThan(
      BigInt(first.membershipVersion ?? 0),
    );
  });

  it("is the application's rolesVersion for client_credentials grants", async () => {
    const org = await f.organization();
    const app = await t
      .db()
      .application.create({ data: { name: unique("m2m"), type: "MachineToMachine" } });
    await addOrganizationApplications(t.ctx(), {
      organizationId: org.id,
      applicationIds: [app.id],
    });
    const subject = { type: "application", applicationId: app.id } as const;
    const first = await resolveOrganizationTokenGrant(t.db(), { organizationId: org.id, subject });
    expect(first.membershipVersion).toMatch(/^\d+$/);
    const role = await f.role({ type: "MachineToMachine" });
    await assignOrganizationApplicationRoles(t.ctx(), {
      organizationId: org.id,
      applicationId: app.id,
      organizationRoleIds: [role.id],
    });
    const later = await resolveOrganizationTokenGrant(t.db(), { organizationId: org.id, subject });
    expect(BigInt(later.membershipVersion ?? 0)).toBeGreaterThan(
      BigInt(first.membershipVersion ?? 0),
    );
  });
});
