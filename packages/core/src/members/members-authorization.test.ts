// Who may call the member services: not end users; collaborators and the Management API may.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../test-utils.ts";
import {
  addMembers,
  assignMemberRoles,
  assignRolesToMembers,
  getEffectivePermissions,
  getMemberRoles,
  listMembers,
  removeMember,
  removeMemberRole,
  replaceMemberRoles,
  replaceMembers,
} from "./index.ts";
import { expectCode, fixtures, memberRows } from "./test-fixtures.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const { roleIdsOf } = memberRows(t.db);
const endUser = () => t.ctx({ actor: { type: "user", userId: "someone" } });

describe("authorization", () => {
  it("forbids end users everything, and lets collaborators and the Management API in", async () => {
    const org = await f.organization();
    const u = await f.user();
    const role = await f.role();
    await f.member(org.id, u.id, [role.id]);
    const ref = { organizationId: org.id, userId: u.id };
    const calls = [
      () => addMembers(endUser(), { organizationId: org.id, userIds: [u.id] }),
      () => replaceMembers(endUser(), { organizationId: org.id, userIds: [] }),
      () => removeMember(endUser(), ref),
      () => listMembers(endUser(), { organizationId: org.id }),
      () => getMemberRoles(endUser(), ref),
      () => assignMemberRoles(endUser(), { ...ref, organizationRoleIds: [role.id] }),
      () => replaceMemberRoles(endUser(), { ...ref, organizationRoleIds: [] }),
      () => removeMemberRole(endUser(), { ...ref, organizationRoleId: role.id }),
      () =>
        assignRolesToMembers(endUser(), {
          organizationId: org.id,
          userIds: [u.id],
          organizationRoleIds: [role.id],
        }),
      () => getEffectivePermissions(endUser(), ref),
    ];
    for (const call of calls) await expectCode(call(), "auth.forbidden");
    expect(await roleIdsOf(org.id, u.id)).toEqual([role.id]);

    const collaborator = t.ctx({
      actor: { type: "console", userId: "collab", role: "collaborator" },
    });
    expect((await listMembers(collaborator, { organizationId: org.id })).total).toBe(1);
    await removeMemberRole(t.ctx({ actor: { type: "management_api", clientId: "m2m" } }), {
      ...ref,
      organizationRoleId: role.id,
    });
    expect(
      await t.db().auditLog.findFirst({ where: { action: "member.role_removed", targetId: u.id } }),
    ).toMatchObject({
      actorType: "management_api",
      actorId: "m2m",
      organizationId: org.id,
    });
  });
});
