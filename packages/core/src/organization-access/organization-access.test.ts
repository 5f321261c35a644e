// Members acting in their own organization: every service behind the organization API is
// allowed by exactly one built-in permission, held now and carried by the token.
import { BUILT_IN_PERMISSIONS as P, type BuiltInPermission } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { leaveOrganization } from "../accounts/index.ts";
import { listOrganizationAuditLogs } from "../audit/index.ts";
import {
  createInvitation,
  listInvitations,
  resendInvitation,
  revokeInvitation,
  type InvitationContext,
} from "../invitations/index.ts";
import { baseUrl, email } from "../invitations/test-kit.ts";
import {
  addJitEmailDomain,
  listJitEmailDomains,
  removeJitEmailDomain,
  replaceJitEmailDomains,
} from "../jit/index.ts";
import {
  assignMemberRoles,
  listMembers,
  removeMember,
  replaceMemberRoles,
} from "../members/index.ts";
import { expectCode } from "../members/test-fixtures.ts";
import { getOrganization, updateOrganization } from "../organizations/index.ts";
import { unique } from "../test-utils.ts";
import { listAssignableRoles, listMyOrganizations } from "./index.ts";
import { ALL, allBut, organizationAccessKit } from "./test-kit.ts";

const { t, f, roleWith, memberWith, as } = organizationAccessKit();

type Me = Awaited<ReturnType<typeof memberWith>>;
interface Case {
  name: string;
  permission: BuiltInPermission;
  run: (c: InvitationContext, organizationId: string, me: Me) => Promise<unknown>;
}

const invite = (organizationId: string) =>
  createInvitation(t.ctx(), { organizationId, invitee: email(), baseUrl });

const cases: Case[] = [
  {
    name: "listMembers",
    permission: P.membersRead,
    run: (c, organizationId) => listMembers(c, { organizationId }),
  },
  {
    name: "replaceMemberRoles",
    permission: P.membersRoles,
    run: async (c, organizationId) => {
      const [target, plain] = [await memberWith(organizationId), await f.role()];
      await replaceMemberRoles(c, {
        organizationId,
        userId: target.id,
        organizationRoleIds: [plain.id],
      });
    },
  },
  {
    name: "assignMemberRoles",
    permission: P.membersRoles,
    run: async (c, organizationId) => {
      const [target, plain] = [await memberWith(organizationId), await f.role()];
      await assignMemberRoles(c, {
        organizationId,
        userId: target.id,
        organizationRoleIds: [plain.id],
      });
    },
  },
  {
    name: "removeMember",
    permission: P.membersRemove,
    run: async (c, organizationId) => {
      const target = await memberWith(organizationId);
      await removeMember(c, { organizationId, userId: target.id });
    },
  },
  {
    name: "createInvitation",
    permission: P.membersInvite,
    run: (c, organizationId) => createInvitation(c, { organizationId, invitee: email(), baseUrl }),
  },
  {
    name: "resendInvitation",
    permission: P.membersInvite,
    run: async (c, organizationId) => {
      const { invitation } = await invite(organizationId);
      return resendInvitation(c, { id: invitation.id, baseUrl });
    },
  },
  {
    name: "revokeInvitation",
    permission: P.invitationsManage,
    run: async (c, organizationId) => {
      const { invitation } = await invite(organizationId);
      return revokeInvitation(c, { id: invitation.id });
    },
  },
  {
    name: "listInvitations",
    permission: P.invitationsManage,
    run: (c, organizationId) => listInvitations(c, { organizationId }),
  },
  {
    name: "updateOrganization",
    permission: P.organizationUpdate,
    run: (c, id) => updateOrganization(c, { id, name: unique("renamed") }),
  },
  {
    name: "listJitEmailDomains",
    permission: P.domainsManage,
    run: (c, organizationId) => listJitEmailDomains(c, { organizationId }),
  },
  {
    name: "addJitEmailDomain",
    permission: P.domainsManage,
    run: (c, organizationId, me) =>
      addJitEmailDomain(c, { organizationId, emailDomain: me.domain }),
  },
  {
    name: "listOrganizationAuditLogs",
    permission: P.auditRead,
    run: (c, organizationId) => listOrganizationAuditLogs(c, { organizationId }),
  },
];

describe("built-in permissions", () => {
  it.each(cases)(
    "$name: allowed with $permission only, refused with every other one",
    async ({ permission, run }) => {
      const org = await f.organization();
      const without = await memberWith(org.id, allBut(permission));
      const error = await expectCode(run(as(without.id), org.id, without), "auth.forbidden");
      expect(error.data).toMatchObject({ missingScopes: [permission] });
      const holder = await memberWith(org.id, [permission]);
      await run(as(holder.id), org.id, holder);
      // The same through an organization token that carries just that scope.
      await run(as(holder.id, { organizationId: org.id, scopes: [permission] }), org.id, holder);
    },
  );

  it("the changes are audited as the member's", async () => {
    const org = await f.organization();
    const holder = await memberWith(org.id, [P.organizationUpdate]);
    await updateOrganization(as(holder.id), { id: org.id, description: "Ours" });
    expect(
      await t.db().auditLog.findFirst({
        where: { organizationId: org.id, action: "organization.updated" },
      }),
    ).toMatchObject({ actorType: "user", actorId: holder.id });
  });

  it("members read their organization and the assignable roles without any permission; others cannot", async () => {
    const org = await f.organization();
    const plain = await memberWith(org.id);
    expect(await getOrganization(as(plain.id), { id: org.id })).toMatchObject({
      id: org.id,
      memberCount: 1,
    });
    expect((await listAssignableRoles(as(plain.id), { organizationId: org.id })).length).toBe(
      await t.db().organizationRole.count({ where: { type: "User" } }),
    );
    const other = await f.organization();
    await expectCode(getOrganization(as(plain.id), { id: other.id }), "auth.forbidden");
    await expectCode(
      listAssignableRoles(as(plain.id), { organizationId: other.id }),
      "auth.forbidden",
    );
  });

  it("a non-member and an unknown organization get the same refusal", async () => {
    const org = await f.organization();
    const outsider = await memberWith((await f.organization()).id, ALL);
    const calls = [
      (id: string) => getOrganization(as(outsider.id), { id }),
      (id: string) => listAssignableRoles(as(outsider.id), { organizationId: id }),
      (id: string) => listMembers(as(outsider.id), { organizationId: id }),
      (id: string) => updateOrganization(as(outsider.id), { id, name: "Taken over" }),
      (id: string) => removeMember(as(outsider.id), { organizationId: id, userId: outsider.id }),
      (id: string) =>
        replaceMemberRoles(as(outsider.id), {
          organizationId: id,
          userId: outsider.id,
          organizationRoleIds: [],
        }),
      (id: string) => listOrganizationAuditLogs(as(outsider.id), { organizationId: id }),
      (id: string) => listJitEmailDomains(as(outsider.id), { organizationId: id }),
      (id: string) =>
        createInvitation(as(outsider.id), { organizationId: id, invitee: email(), baseUrl }),
    ];
    for (const call of calls) {
      const notMember = await expectCode(call(org.id), "auth.forbidden");
      const unknown = await expectCode(call("no-such-organization"), "auth.forbidden");
      expect({ message: unknown.message, data: unknown.data }).toEqual({
        message: notMember.message,
        data: notMember.data,
      });
    }
  });

  it("a suspended member is refused", async () => {
    const org = await f.organization();
    const admin = await memberWith(org.id, ALL);
    const other = await memberWith(org.id);
    await t.db().user.update({ where: { id: admin.id }, data: { suspendedAt: new Date() } });
    await expectCode(getOrganization(as(admin.id), { id: org.id }), "user.suspended");
    await expectCode(listMembers(as(admin.id), { organizationId: org.id }), "user.suspended");
    await expectCode(
      removeMember(as(admin.id), { organizationId: org.id, userId: other.id }),
      "user.suspended",
    );
    expect(await t.db().organizationMember.count({ where: { organizationId: org.id } })).toBe(2);
  });
});

describe("organization tokens", () => {
  it("must be for this organization and carry the permission", async () => {
    const [org, other] = [await f.organization(), await f.organization()];
    const admin = await memberWith(org.id, ALL);
    // A member of both, so the refusal is about the token and not the membership.
    await f.member(other.id, admin.id, admin.role ? [admin.role.id] : []);
    const target = await memberWith(org.id);
    const otherToken = { organizationId: other.id, scopes: ALL };
    const narrowToken = { organizationId: org.id, scopes: allBut(P.membersRead, P.membersRemove) };

    await expectCode(getOrganization(as(admin.id, otherToken), { id: org.id }), "auth.forbidden");
    await expectCode(
      listMembers(as(admin.id, otherToken), { organizationId: org.id }),
      "auth.forbidden",
    );
    await expectCode(
      updateOrganization(as(admin.id, otherToken), { id: org.id, name: "Nope" }),
      "auth.forbidden",
    );
    await expectCode(
      leaveOrganization(as(admin.id, otherToken), { organizationId: org.id }),
      "auth.forbidden",
    );
    const missing = await expectCode(
      listMembers(as(admin.id, narrowToken), { organizationId: org.id }),
      "auth.forbidden",
    );
    expect(missing.data).toMatchObject({ missingScopes: [P.membersRead] });
    await expectCode(
      removeMember(as(admin.id, narrowToken), { organizationId: org.id, userId: target.id }),
      "auth.forbidden",
    );
    expect(await t.db().organizationMember.count({ where: { organizationId: org.id } })).toBe(2);

    // The token for this organization with the scope: allowed.
    const right = { organizationId: org.id, scopes: [P.membersRead, P.membersRemove] };
    expect((await listMembers(as(admin.id, right), { organizationId: org.id })).total).toBe(2);
    await removeMember(as(admin.id, right), { organizationId: org.id, userId: target.id });
    expect(await getOrganization(as(admin.id, right), { id: org.id })).toMatchObject({
      memberCount: 1,
    });
  });

  it("do not outlive a demotion: the roles must hold the permission now", async () => {
    const org = await f.organization();
    const reader = await memberWith(org.id, [P.membersRead]);
    const token = { organizationId: org.id, scopes: ALL };
    expect((await listMembers(as(reader.id, token), { organizationId: org.id })).total).toBe(1);
    // The token carries everything, the roles do not.
    await expectCode(
      updateOrganization(as(reader.id, token), { id: org.id, name: "Mine" }),
      "auth.forbidden",
    );
    await replaceMemberRoles(t.ctx(), {
      organizationId: org.id,
      userId: reader.id,
      organizationRoleIds: [],
    });
    await expectCode(
      listMembers(as(reader.id, token), { organizationId: org.id }),
      "auth.forbidden",
    );
  });
});

describe("updateOrganization by a member", () => {
  it("changes the name, description and look; custom data, MFA and SSO-only stay the vendor's", async () => {
    const org = await f.organization();
    const editor = await memberWith(org.id, [P.organizationUpdate]);
    const name = unique("Renamed");
    const look = {
      description: "Run by its members",
      branding: { logoUrl: "https://cdn.example.com/logo.png" },
      color: { primaryColor: "#112233" },
      customCss: ".sign-in { color: #112233; }",
    };
    expect(await updateOrganization(as(editor.id), { id: org.id, name, ...look })).toMatchObject({
      name,
      ...look,
    });
    for (const patch of [
      { customData: { plan: "pro" } },
      { isMfaRequired: true },
      { isSsoOnly: true },
    ]) {
      const error = await expectCode(
        updateOrganization(as(editor.id), { id: org.id, name: "Partly", ...patch }),
        "auth.forbidden",
      );
      expect(error.message).toContain(Object.keys(patch)[0]);
    }
    expect(await t.db().organization.findUniqueOrThrow({ where: { id: org.id } })).toMatchObject({
      name,
      customData: {},
      isMfaRequired: false,
      isSsoOnly: false,
    });
    // The console may.
    await updateOrganization(t.ctx(), { id: org.id, customData: { plan: "pro" } });
  });
});

describe("JIT email domains by a member", () => {
  it("adds only the domain of their own verified email, keeps what the vendor added", async () => {
    const org = await f.organization();
    const admin = await memberWith(org.id, [P.domainsManage]);
    const vendorDomain = `${unique("vendor")}.example`;
    const foreign = `${unique("foreign")}.example`;
    await addJitEmailDomain(t.ctx(), { organizationId: org.id, emailDomain: vendorDomain });

    const error = await expectCode(
      addJitEmailDomain(as(admin.id), { organizationId: org.id, emailDomain: foreign }),
      "auth.forbidden",
    );
    expect(error.message).toContain(admin.domain);
    expect(error.data).toEqual({ emailDomains: [foreign] });
    await expectCode(
      replaceJitEmailDomains(as(admin.id), {
        organizationId: org.id,
        emailDomains: [vendorDomain, foreign],
      }),
      "auth.forbidden",
    );
    await addJitEmailDomain(as(admin.id), {
      organizationId: org.id,
      emailDomain: admin.domain.toUpperCase(),
    });
    await replaceJitEmailDomains(as(admin.id), {
      organizationId: org.id,
      emailDomains: [admin.domain, vendorDomain],
    });
    await removeJitEmailDomain(as(admin.id), { organizationId: org.id, emailDomain: vendorDomain });
    const listed = await listJitEmailDomains(as(admin.id), { organizationId: org.id });
    expect(listed.items.map((d) => d.emailDomain)).toEqual([admin.domain]);
    // Once removed, the vendor's domain is foreign to the member again.
    await expectCode(
      addJitEmailDomain(as(admin.id), { organizationId: org.id, emailDomain: vendorDomain }),
      "auth.forbidden",
    );
    // The console adds any.
    await addJitEmailDomain(t.ctx(), { organizationId: org.id, emailDomain: foreign });
  });

  it("an unverified email proves no domain", async () => {
    const org = await f.organization();
    const admin = await memberWith(org.id, [P.domainsManage]);
    await t.db().user.update({ where: { id: admin.id }, data: { emailVerifiedAt: null } });
    await expectCode(
      addJitEmailDomain(as(admin.id), { organizationId: org.id, emailDomain: admin.domain }),
      "auth.forbidden",
    );
  });
});

describe("listOrganizationAuditLogs by a member", () => {
  it("reads their own organization's entries only", async () => {
    const [org, other] = [await f.organization(), await f.organization()];
    const auditor = await memberWith(org.id, [P.auditRead]);
    await updateOrganization(t.ctx(), { id: org.id, description: "Audited" });
    await updateOrganization(t.ctx(), { id: other.id, description: "Elsewhere" });
    const page = await listOrganizationAuditLogs(as(auditor.id), { organizationId: org.id });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((entry) => entry.organizationId === org.id)).toBe(true);
    await expectCode(
      listOrganizationAuditLogs(as(auditor.id), { organizationId: other.id }),
      "auth.forbidden",
    );
  });
});

describe("listAssignableRoles", () => {
  it("marks the roles whose permissions, organization and API, the caller holds", async () => {
    const org = await f.organization();
    const api = await t.db().apiResource.create({
      data: {
        name: unique("api"),
        indicator: `https://${unique("api")}.example`,
        scopes: { create: [{ name: "read" }, { name: "write" }] },
      },
      include: { scopes: { orderBy: { name: "asc" } } },
    });
    const [read, write] = api.scopes;
    if (!read || !write) throw new Error("scopes not created");
    const manager = await memberWith(org.id, [P.membersRoles, P.membersRead]);
    // The manager also holds the API permission `read`, through a role of its own.
    const apiReader = await t.db().organizationRole.create({
      data: { name: unique("api-reader"), apiScopes: { create: { scopeId: read.id } } },
    });
    const apiWriter = await t.db().organizationRole.create({
      data: { name: unique("api-writer"), apiScopes: { create: { scopeId: write.id } } },
    });
    await f.member(org.id, (await f.user()).id);
    await t.db().organizationMemberRole.create({
      data: { organizationId: org.id, userId: manager.id, roleId: apiReader.id },
    });
    const plain = await f.role();
    const reader = await roleWith(P.membersRead);
    const remover = await roleWith(P.membersRemove);
    const machine = await f.role({ type: "MachineToMachine" });

    const grantable = async (c: InvitationContext) =>
      Object.fromEntries(
        (await listAssignableRoles(c, { organizationId: org.id })).map((r) => [r.id, r.grantable]),
      );
    const mine = await grantable(as(manager.id));
    expect([plain, reader, apiReader, manager.role].map((r) => mine[r?.id ?? ""])).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([remover, apiWriter].map((r) => mine[r.id])).toEqual([false, false]);
    expect(mine[machine.id]).toBeUndefined();
    const roles = await listAssignableRoles(as(manager.id), { organizationId: org.id });
    expect(roles.find((r) => r.id === reader.id)).toEqual({
      id: reader.id,
      name: reader.name,
      description: null,
      permissions: [P.membersRead],
      grantable: true,
    });
    // Tenant managers may grant every role.
    const tenant = await grantable(t.ctx());
    expect(Object.values(tenant).every(Boolean)).toBe(true);
  });
});

describe("listMyOrganizations", () => {
  it("lists the caller's organizations with their roles and permissions in each", async () => {
    const [acme, globex, elsewhere] = [
      await f.organization(),
      await f.organization(),
      await f.organization(),
    ];
    const me = await memberWith(acme.id, [P.membersRead, P.membersInvite]);
    const extra = await roleWith(P.auditRead, P.membersRead);
    await t.db().organizationMemberRole.create({
      data: { organizationId: acme.id, userId: me.id, roleId: extra.id },
    });
    await f.member(globex.id, me.id);
    await memberWith(elsewhere.id, ALL);
    await updateOrganization(t.ctx(), { id: globex.id, color: { primaryColor: "#00ff00" } });

    const mine = await listMyOrganizations(as(me.id));
    expect(mine.map((o) => o.id).sort()).toEqual([acme.id, globex.id].sort());
    const byId = new Map(mine.map((o) => [o.id, o]));
    expect(byId.get(acme.id)).toMatchObject({
      name: acme.name,
      branding: {},
      color: {},
      permissions: [P.auditRead, P.membersInvite, P.membersRead].sort(),
    });
    expect(
      byId
        .get(acme.id)
        ?.roles.map((r) => r.id)
        .sort(),
    ).toEqual([me.role?.id ?? "", extra.id].sort());
    expect(byId.get(globex.id)).toMatchObject({
      roles: [],
      permissions: [],
      color: { primaryColor: "#00ff00" },
    });
    expect(await listMyOrganizations(as((await f.user()).id))).toEqual([]);
    await expectCode(
      listMyOrganizations(t.ctx({ actor: { type: "management_api", clientId: "m2m" } })),
      "auth.forbidden",
    );
  });
});
