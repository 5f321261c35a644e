import { describe, expect, it } from "vitest";
import { fixtures } from "../members/test-fixtures.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import {
  decideUserOrganizationTokenGrant,
  getUserOrganizationClaims,
  resolveOrganizationTokenGrant,
  type UserGrantFacts,
} from "./resolve-organization-token-grant.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const DENIED = "organization_token.access_denied";

/** A user who is a member of a fresh organization with roles granting `count` fresh permissions. */
async function memberWithPermissions(
  count = 2,
  user: { suspendedAt?: Date; mfaEnabledAt?: Date } = {},
) {
  const permissions = [];
  for (let i = 0; i < count; i++) permissions.push(await f.permission());
  const role = await f.role({ permissionIds: permissions.map((p) => p.id) });
  const org = await f.organization();
  const u = await t.db().user.create({ data: { email: `${unique("user")}@example.com`, ...user } });
  await f.member(org.id, u.id, [role.id]);
  const names = permissions.map((p) => p.name).sort();
  return {
    org,
    user: u,
    role,
    names,
    grant: (requestedScopes?: string[]) =>
      resolveOrganizationTokenGrant(t.db(), {
        organizationId: org.id,
        subject: { type: "user", userId: u.id },
        requestedScopes,
      }),
  };
}

/** A machine-to-machine application in a fresh organization, with a role granting `names`' permissions. */
async function applicationWithPermissions(count = 2) {
  const permissions = [];
  for (let i = 0; i < count; i++) permissions.push(await f.permission());
  const role = await f.role({
    type: "MachineToMachine",
    permissionIds: permissions.map((p) => p.id),
  });
  const org = await f.organization();
  const app = await t
    .db()
    .application.create({ data: { name: unique("m2m"), type: "MachineToMachine" } });
  await t.db().organizationApplication.create({
    data: {
      organizationId: org.id,
      applicationId: app.id,
      roles: { create: [{ roleId: role.id }] },
    },
  });
  const names = permissions.map((p) => p.name).sort();
  return {
    org,
    app,
    names,
    grant: (requestedScopes?: string[]) =>
      resolveOrganizationTokenGrant(t.db(), {
        organizationId: org.id,
        subject: { type: "application", applicationId: app.id },
        requestedScopes,
      }),
  };
}

describe("organization token grant for a user", () => {
  it("carries every permission the member holds when none is requested, and exactly the requested ones otherwise", async () => {
    const m = await memberWithPermissions(3);
    expect(await m.grant()).toMatchObject({ scopes: m.names });
    expect(await m.grant([])).toMatchObject({ scopes: m.names });
    const [first, second] = m.names as [string, string];
    expect(await m.grant([second, first, second])).toMatchObject({ scopes: [second, first] });
  });

  it("denies a permission the member does not hold, naming it", async () => {
    const m = await memberWithPermissions(1);
    const error = await expectDomainError(m.grant([...m.names, "not:held", "also:not"]), DENIED);
    expect(error.data).toEqual({ missing: ["not:held", "also:not"] });
    expect(error.message).toBe("Not granted in this organization: not:held, also:not.");
  });

  it("denies a user who is not a member, and an organization that does not exist", async () => {
    const m = await memberWithPermissions();
    const outsider = await f.user();
    const notMember = await expectDomainError(
      resolveOrganizationTokenGrant(t.db(), {
        organizationId: m.org.id,
        subject: { type: "user", userId: outsider.id },
      }),
      DENIED,
    );
    expect(notMember.message).toBe("The user is not a member of this organization.");
    const noOrg = await expectDomainError(
      resolveOrganizationTokenGrant(t.db(), {
        organizationId: "no-org",
        subject: { type: "user", userId: m.user.id },
      }),
      DENIED,
    );
    expect(noOrg.message).toBe("The user is not a member of this organization.");
  });

  it("denies a suspended member, whatever they hold", async () => {
    const m = await memberWithPermissions(1, { suspendedAt: new Date() });
    expect((await expectDomainError(m.grant(), DENIED)).message).toBe("The user is suspended.");
    expect((await expectDomainError(m.grant(m.names), DENIED)).message).toBe(
      "The user is suspended.",
    );
  });

  it("denies a member without MFA when the organization requires it, and grants one with MFA", async () => {
    const without = await memberWithPermissions(1);
    const withMfa = await memberWithPermissions(1, { mfaEnabledAt: new Date() });
    for (const m of [without, withMfa])
      await t.db().organization.update({ where: { id: m.org.id }, data: { isMfaRequired: true } });
    expect((await expectDomainError(without.grant(), DENIED)).message).toBe(
      "This organization requires multi-factor authentication.",
    );
    expect(await withMfa.grant()).toMatchObject({ scopes: withMfa.names });
  });

  it("reads the template at request time: a permission added to the role is in the next grant", async () => {
    const m = await memberWithPermissions(1);
    const added = await f.permission();
    await t
      .db()
      .organizationRolePermission.create({ data: { roleId: m.role.id, permissionId: added.id } });
    expect(await m.grant()).toMatchObject({ scopes: [...m.names, added.name].sort() });
    await t.db().organizationMemberRole.deleteMany({
      where: { organizationId: m.org.id, userId: m.user.id },
    });
    expect(await m.grant()).toMatchObject({ scopes: [] });
    expect(await expectDomainError(m.grant([added.name]), DENIED)).toMatchObject({
      data: { missing: [added.name] },
    });
  });
});

describe("organization token grant for a machine-to-machine application", () => {
  it("carries the permissions of the application's roles in that organization, narrowed to the requested ones", async () => {
    const a = await applicationWithPermissions(2);
    expect(await a.grant()).toMatchObject({ scopes: a.names });
    const [first] = a.names as [string];
    expect(await a.grant([first])).toMatchObject({ scopes: [first] });
    expect(await expectDomainError(a.grant([first, "not:held"]), DENIED)).toMatchObject({
      data: { missing: ["not:held"] },
    });
  });

  it("denies an application that is not a member of the organization", async () => {
    const a = await applicationWithPermissions(1);
    const elsewhere = await f.organization();
    const error = await expectDomainError(
      resolveOrganizationTokenGrant(t.db(), {
        organizationId: elsewhere.id,
        subject: { type: "application", applicationId: a.app.id },
      }),
      DENIED,
    );
    expect(error.message).toBe("The application is not a member of this organization.");
  });
});

describe("the grant rules on their own", () => {
  const facts = (over: Partial<UserGrantFacts> = {}): UserGrantFacts => ({
    member: true,
    suspended: false,
    mfa_required: false,
    has_mfa: false,
    permissions: "b:thing a:thing",
    membership_version: null,
    ...over,
  });

  it("checks membership, then suspension, then MFA, then the requested permissions", () => {
    const decide = (input: UserGrantFacts | undefined, requested?: string[]) => {
      try {
        return decideUserOrganizationTokenGrant(input, requested);
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(decide(undefined)).toBe("The user is not a member of this organization.");
    expect(decide(facts({ member: false, suspended: true }))).toBe(
      "The user is not a member of this organization.",
    );
    expect(decide(facts({ suspended: true, mfa_required: true }))).toBe("The user is suspended.");
    expect(decide(facts({ mfa_required: true }), ["missing"])).toBe(
      "This organization requires multi-factor authentication.",
    );
    expect(decide(facts({ mfa_required: true, has_mfa: true }))).toEqual({
      scopes: ["a:thing", "b:thing"],
    });
    expect(decide(facts({ permissions: "" }))).toEqual({ scopes: [] });
    expect(decide(facts(), ["missing"])).toBe("Not granted in this organization: missing.");
  });
});

describe("organization claims in ID tokens", () => {
  it("lists the user's organizations in join order and an <orgId>:<role> pair per role", async () => {
    const u = await f.user();
    const [o1, o2] = [await f.organization(), await f.organization()];
    const [r1, r2] = [await f.role(), await f.role()];
    await f.member(o1.id, u.id, [r1.id], new Date(Date.UTC(2030, 0, 1)));
    await f.member(o2.id, u.id, [], new Date(Date.UTC(2030, 0, 2)));
    await t.db().organizationMemberRole.create({
      data: { organizationId: o1.id, userId: u.id, roleId: r2.id },
    });
    const claims = await getUserOrganizationClaims(t.db(), u.id);
    expect(claims.organizations).toEqual([o1.id, o2.id]);
    expect([...claims.organizationRoles].sort()).toEqual(
      [`${o1.id}:${r1.name}`, `${o1.id}:${r2.name}`].sort(),
    );
    expect(await getUserOrganizationClaims(t.db(), "nobody")).toEqual({
      organizations: [],
      organizationRoles: [],
    });
  });
});
