// No escalation: a member gives, takes away, invites with and removes only what they hold.
import { BUILT_IN_PERMISSIONS as P } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { createInvitation } from "../invitations/index.ts";
import { baseUrl, email } from "../invitations/test-kit.ts";
import { assignMemberRoles, removeMember, replaceMemberRoles } from "../members/index.ts";
import { expectCode, memberRows } from "../members/test-fixtures.ts";
import { unique } from "../test-utils.ts";
import { organizationAccessKit } from "./test-kit.ts";

const { t, f, roleWith, memberWith, as } = organizationAccessKit();
const { roleIdsOf, memberIds } = memberRows(t.db);

async function scenario() {
  const org = await f.organization();
  // Changes roles and invites, but cannot remove members.
  const manager = await memberWith(org.id, [P.membersRoles, P.membersRead, P.membersInvite]);
  const target = await memberWith(org.id);
  return {
    org,
    manager,
    target,
    reader: await roleWith(P.membersRead),
    remover: await roleWith(P.membersRemove),
    ref: { organizationId: org.id, userId: target.id },
  };
}

describe("granting roles", () => {
  it("a member grants roles whose permissions they hold, and no others", async () => {
    const { manager, target, reader, remover, ref } = await scenario();
    await assignMemberRoles(as(manager.id), { ...ref, organizationRoleIds: [reader.id] });
    // Their own role holds nothing they lack either.
    await assignMemberRoles(as(manager.id), {
      ...ref,
      organizationRoleIds: [manager.role?.id ?? ""],
    });
    expect(await roleIdsOf(ref.organizationId, target.id)).toEqual(
      [reader.id, manager.role?.id ?? ""].sort(),
    );

    const error = await expectCode(
      assignMemberRoles(as(manager.id), { ...ref, organizationRoleIds: [remover.id] }),
      "member.role_not_grantable",
    );
    expect(error.status).toBe(403);
    expect(error.data).toEqual({ roleIds: [remover.id] });
    expect(error.message).toContain(remover.name);
    await expectCode(
      replaceMemberRoles(as(manager.id), { ...ref, organizationRoleIds: [reader.id, remover.id] }),
      "member.role_not_grantable",
    );
    expect(await roleIdsOf(ref.organizationId, target.id)).toEqual(
      [reader.id, manager.role?.id ?? ""].sort(),
    );
  });

  it("nor takes away a role holding more than they do; keeping it while changing others is fine", async () => {
    const { manager, target, reader, remover, ref } = await scenario();
    await assignMemberRoles(t.ctx(), { ...ref, organizationRoleIds: [remover.id] });
    await expectCode(
      replaceMemberRoles(as(manager.id), { ...ref, organizationRoleIds: [] }),
      "member.role_not_grantable",
    );
    await expectCode(
      replaceMemberRoles(as(manager.id), { ...ref, organizationRoleIds: [reader.id] }),
      "member.role_not_grantable",
    );
    // What changes is what counts: re-assigning the role the target already holds is harmless.
    await assignMemberRoles(as(manager.id), {
      ...ref,
      organizationRoleIds: [remover.id, reader.id],
    });
    await replaceMemberRoles(as(manager.id), {
      ...ref,
      organizationRoleIds: [remover.id],
    });
    expect(await roleIdsOf(ref.organizationId, target.id)).toEqual([remover.id]);
  });

  it("counts API permissions too", async () => {
    const { org, manager, ref } = await scenario();
    const resource = await t.db().apiResource.create({
      data: {
        name: unique("api"),
        indicator: `https://${unique("api")}.example`,
        scopes: { create: { name: "read" } },
      },
      include: { scopes: true },
    });
    const scopeId = resource.scopes[0]?.id ?? "";
    const apiRole = await t.db().organizationRole.create({
      data: { name: unique("api-role"), apiScopes: { create: { scopeId } } },
    });
    await expectCode(
      assignMemberRoles(as(manager.id), { ...ref, organizationRoleIds: [apiRole.id] }),
      "member.role_not_grantable",
    );
    await t.db().organizationMemberRole.create({
      data: { organizationId: org.id, userId: manager.id, roleId: apiRole.id },
    });
    await assignMemberRoles(as(manager.id), { ...ref, organizationRoleIds: [apiRole.id] });
  });

  it("invitations follow the same rule", async () => {
    const { org, manager, reader, remover } = await scenario();
    const error = await expectCode(
      createInvitation(as(manager.id), {
        organizationId: org.id,
        invitee: email(),
        organizationRoleIds: [reader.id, remover.id],
        baseUrl,
      }),
      "member.role_not_grantable",
    );
    expect(error.data).toEqual({ roleIds: [remover.id] });
    const { invitation } = await createInvitation(as(manager.id), {
      organizationId: org.id,
      invitee: email(),
      organizationRoleIds: [reader.id],
      baseUrl,
    });
    // A member invites in their own name.
    expect(invitation).toMatchObject({
      inviterId: manager.id,
      organizationRoles: [{ id: reader.id, name: reader.name }],
    });
    const someoneElse = await f.user();
    await expectCode(
      createInvitation(as(manager.id), {
        organizationId: org.id,
        invitee: email(),
        inviterId: someoneElse.id,
        baseUrl,
      }),
      "auth.forbidden",
    );
    expect(await t.db().organizationInvitation.count({ where: { organizationId: org.id } })).toBe(
      1,
    );
  });
});

describe("removing members", () => {
  it("a member removes only members holding nothing they do not hold", async () => {
    const org = await f.organization();
    const moderator = await memberWith(org.id, [P.membersRemove, P.membersRead]);
    const owner = await memberWith(org.id, [P.membersRemove, P.membersRoles, P.membersRead]);
    const peer = await memberWith(org.id, [P.membersRemove]);
    const plain = await memberWith(org.id);

    const error = await expectCode(
      removeMember(as(moderator.id), { organizationId: org.id, userId: owner.id }),
      "member.role_not_grantable",
    );
    expect(error.data).toEqual({ userId: owner.id });
    await removeMember(as(moderator.id), { organizationId: org.id, userId: peer.id });
    await removeMember(as(moderator.id), { organizationId: org.id, userId: plain.id });
    expect(await memberIds(org.id)).toEqual([moderator.id, owner.id].sort());
    // The owner holds everything the moderator does.
    await removeMember(as(owner.id), { organizationId: org.id, userId: moderator.id });
    expect(await memberIds(org.id)).toEqual([owner.id]);
  });
});
