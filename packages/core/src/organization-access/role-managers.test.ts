// Someone stays in charge: a member's change never leaves an organization with members but
// nobody holding guildhall:members:roles, even when two admins act at once.
import { BUILT_IN_PERMISSIONS as P } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { leaveOrganization } from "../accounts/index.ts";
import { isDomainError } from "../errors.ts";
import { removeMember, replaceMemberRoles } from "../members/index.ts";
import { expectCode, memberRows } from "../members/test-fixtures.ts";
import { ALL, organizationAccessKit } from "./test-kit.ts";

const { t, f, roleWith, memberWith, as, roleManagerIds } = organizationAccessKit();
const { memberIds } = memberRows(t.db);

describe("the last role manager", () => {
  it("cannot drop the permission, remove themselves or leave while others remain", async () => {
    const org = await f.organization();
    const admin = await memberWith(org.id, ALL);
    const member = await memberWith(org.id);
    const self = { organizationId: org.id, userId: admin.id };

    const error = await expectCode(
      replaceMemberRoles(as(admin.id), { ...self, organizationRoleIds: [] }),
      "organization.last_admin",
    );
    expect(error.status).toBe(409);
    // A role without guildhall:members:roles would leave nobody in charge too.
    const lesser = await roleWith(P.membersRead, P.membersRemove);
    await expectCode(
      replaceMemberRoles(as(admin.id), { ...self, organizationRoleIds: [lesser.id] }),
      "organization.last_admin",
    );
    await expectCode(removeMember(as(admin.id), self), "organization.last_admin");
    await expectCode(
      leaveOrganization(as(admin.id), { organizationId: org.id }),
      "organization.last_admin",
    );
    expect(await roleManagerIds(org.id)).toEqual([admin.id]);

    // Once someone else holds it, the admin may step down.
    await replaceMemberRoles(as(admin.id), {
      organizationId: org.id,
      userId: member.id,
      organizationRoleIds: [admin.role?.id ?? ""],
    });
    await replaceMemberRoles(as(admin.id), { ...self, organizationRoleIds: [lesser.id] });
    expect(await roleManagerIds(org.id)).toEqual([member.id]);
  });

  it("may leave when nobody is left behind", async () => {
    const org = await f.organization();
    const admin = await memberWith(org.id, ALL);
    const member = await memberWith(org.id);
    await removeMember(as(admin.id), { organizationId: org.id, userId: member.id });
    await leaveOrganization(as(admin.id), { organizationId: org.id });
    expect(await memberIds(org.id)).toEqual([]);
  });

  it("the console is not bound by it", async () => {
    const org = await f.organization();
    const admin = await memberWith(org.id, ALL);
    await memberWith(org.id);
    await replaceMemberRoles(t.ctx(), {
      organizationId: org.id,
      userId: admin.id,
      organizationRoleIds: [],
    });
    expect(await roleManagerIds(org.id)).toEqual([]);
  });

  it("two admins demoting each other at once leave exactly one admin", async () => {
    const adminRole = await roleWith(P.membersRoles);
    for (let i = 0; i < 5; i += 1) {
      const org = await f.organization();
      const [a, b] = [await memberWith(org.id), await memberWith(org.id)];
      await memberWith(org.id);
      for (const user of [a, b])
        await t.db().organizationMemberRole.create({
          data: { organizationId: org.id, userId: user.id, roleId: adminRole.id },
        });
      const demote = (actor: string, userId: string) =>
        replaceMemberRoles(as(actor), { organizationId: org.id, userId, organizationRoleIds: [] });

      const results = await Promise.allSettled([demote(a.id, b.id), demote(b.id, a.id)]);

      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected");
      // The loser lost the permission before its turn came (or would have left nobody).
      const reason: unknown = refused?.reason;
      expect(isDomainError(reason) ? reason.code : reason).toMatch(
        /^(auth\.forbidden|organization\.last_admin)$/,
      );
      expect(await roleManagerIds(org.id)).toHaveLength(1);
    }
  });
});
