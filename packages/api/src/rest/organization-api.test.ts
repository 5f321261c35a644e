// The organization API's isolation matrix (issue: organization self-service): for every
// organization route and every kind of caller, allowed or denied exactly as the table says,
// every cell asserted against a real database through the real HTTP handler.
import {
  addMembers,
  assignMemberRoles,
  createInvitation,
  createOrganization,
  createOrganizationRole,
  createUser,
  ensureBuiltInPermissions,
  replaceJitEmailDomains,
  systemContext,
} from "@guildhall/core";
import { BUILT_IN_PERMISSION_NAMES, BUILT_IN_PERMISSIONS } from "@guildhall/validators";
import { beforeAll, describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();
const P = BUILT_IN_PERMISSIONS;
const ANY = "any member";
type Needs = (typeof BUILT_IN_PERMISSION_NAMES)[number] | typeof ANY;

interface Fixture {
  a: string;
  b: string;
  domain: string;
  /** role id holding exactly one built-in permission, by permission; "plain" holds none. */
  roles: Record<string, string>;
  owner: string;
}
let f: Fixture;

async function member(organizationId: string, roleIds: string[], email?: string) {
  const ctx = systemContext(h.db);
  const user = await createUser(ctx, {
    email: email ?? `${unique("m")}@members.example`,
    emailVerified: true,
  });
  await addMembers(ctx, { organizationId, userIds: [user.id] });
  if (roleIds.length)
    await assignMemberRoles(ctx, { organizationId, userId: user.id, organizationRoleIds: roleIds });
  return user.id;
}

beforeAll(async () => {
  const ctx = systemContext(h.db);
  await ensureBuiltInPermissions(h.db);
  const permissions = await h.db.organizationPermission.findMany({
    where: { name: { in: [...BUILT_IN_PERMISSION_NAMES] } },
  });
  const idOf = (name: string) => permissions.find((p) => p.name === name)?.id ?? "";
  const roles: Record<string, string> = {};
  for (const name of BUILT_IN_PERMISSION_NAMES)
    roles[name] = (
      await createOrganizationRole(ctx, {
        name: unique(`only-${name}`),
        permissionIds: [idOf(name)],
      })
    ).id;
  roles.plain = (await createOrganizationRole(ctx, { name: unique("plain") })).id;
  roles.owner = (
    await createOrganizationRole(ctx, {
      name: unique("owner"),
      permissionIds: BUILT_IN_PERMISSION_NAMES.map(idOf),
    })
  ).id;
  const a = (await createOrganization(ctx, { name: unique("A") })).id;
  const b = (await createOrganization(ctx, { name: unique("B") })).id;
  const domain = `${unique("acme")}.example`;
  await replaceJitEmailDomains(ctx, { organizationId: a, emailDomains: [domain] });
  // Someone stays in charge of A whatever the cells do.
  const owner = await member(a, [roles.owner]);
  f = { a, b, domain, roles, owner };
});

/** A route of the organization API and what a call needs (fresh targets per call). */
interface RouteCase {
  name: string;
  needs: Needs;
  request: (org: string) => Promise<{ method: string; path: string; body?: unknown }>;
}

async function pendingInvitation(organizationId: string) {
  const { invitation } = await createInvitation(
    { ...systemContext(h.db), instanceSecret: "test-instance-secret-0123456789" },
    {
      organizationId,
      invitee: `${unique("invitee")}@elsewhere.example`,
      organizationRoleIds: [],
      sendEmail: false,
      baseUrl: h.baseUrl,
    },
  );
  return invitation.id;
}

/** A user at the organization's domain who is not a member (JIT added them; they left). */
async function domainUserOutside(organizationId: string) {
  const user = await createUser(systemContext(h.db), {
    email: `${unique("asker")}@${f.domain}`,
    emailVerified: true,
  });
  await h.db.organizationMember.deleteMany({ where: { organizationId, userId: user.id } });
  return user;
}

async function membershipRequest(organizationId: string) {
  const user = await domainUserOutside(organizationId);
  const row = await h.db.organizationMembershipRequest.create({
    data: { organizationId, userId: user.id },
  });
  return row.id;
}

const base = (org: string) => `/api/my/organizations/${org}`;
const ROUTES: RouteCase[] = [
  {
    name: "GET organization",
    needs: ANY,
    request: async (o) => ({ method: "GET", path: base(o) }),
  },
  {
    name: "PATCH organization",
    needs: P.organizationUpdate,
    request: async (o) => ({ method: "PATCH", path: base(o), body: { description: unique("d") } }),
  },
  {
    name: "DELETE membership (leave)",
    needs: ANY,
    request: async (o) => ({ method: "DELETE", path: `${base(o)}/membership` }),
  },
  {
    name: "GET roles",
    needs: ANY,
    request: async (o) => ({ method: "GET", path: `${base(o)}/roles` }),
  },
  {
    name: "GET users",
    needs: P.membersRead,
    request: async (o) => ({ method: "GET", path: `${base(o)}/users?page_size=5` }),
  },
  {
    name: "PUT user roles",
    needs: P.membersRoles,
    request: async (o) => ({
      method: "PUT",
      path: `${base(o)}/users/${await member(o, [f.roles.plain ?? ""])}/roles`,
      body: { organizationRoleIds: [] },
    }),
  },
  {
    name: "DELETE user",
    needs: P.membersRemove,
    request: async (o) => ({
      method: "DELETE",
      path: `${base(o)}/users/${await member(o, [f.roles.plain ?? ""])}`,
    }),
  },
  {
    name: "GET invitations",
    needs: P.invitationsManage,
    request: async (o) => ({ method: "GET", path: `${base(o)}/invitations?page=1&page_size=20` }),
  },
  {
    name: "POST invitation",
    needs: P.membersInvite,
    request: async (o) => ({
      method: "POST",
      path: `${base(o)}/invitations`,
      body: { invitee: `${unique("new")}@elsewhere.example`, organizationRoleIds: [] },
    }),
  },
  {
    name: "POST invitation resend",
    needs: P.membersInvite,
    request: async (o) => ({
      method: "POST",
      path: `${base(o)}/invitations/${await pendingInvitation(o)}/resend`,
    }),
  },
  {
    name: "POST invitation revoke",
    needs: P.invitationsManage,
    request: async (o) => ({
      method: "POST",
      path: `${base(o)}/invitations/${await pendingInvitation(o)}/revoke`,
    }),
  },
  {
    name: "GET membership requests",
    needs: P.membersInvite,
    request: async (o) => ({
      method: "GET",
      path: `${base(o)}/membership-requests?page=1&page_size=20`,
    }),
  },
  {
    name: "POST membership request approve",
    needs: P.membersInvite,
    request: async (o) => ({
      method: "POST",
      path: `${base(o)}/membership-requests/${await membershipRequest(o)}/approve`,
      body: {},
    }),
  },
  {
    name: "POST membership request decline",
    needs: P.membersInvite,
    request: async (o) => ({
      method: "POST",
      path: `${base(o)}/membership-requests/${await membershipRequest(o)}/decline`,
    }),
  },
  {
    name: "GET JIT email domains",
    needs: P.domainsManage,
    request: async (o) => ({ method: "GET", path: `${base(o)}/jit/email-domains` }),
  },
  {
    name: "PUT JIT email domains",
    needs: P.domainsManage,
    request: async (o) => ({
      method: "PUT",
      path: `${base(o)}/jit/email-domains`,
      body: { emailDomains: [f.domain] },
    }),
  },
  {
    name: "GET audit logs",
    needs: P.auditRead,
    request: async (o) => ({ method: "GET", path: `${base(o)}/audit-logs` }),
  },
];

/** The kinds of caller, and how each one calls organization A. */
type Caller =
  | "member with the permission"
  | "member without the permission"
  | "member whose token lacks the scope"
  | "member of another organization"
  | "member of another organization, token naming this one"
  | "expired token"
  | "wrong-audience token"
  | "machine-to-machine token"
  | "Management API token"
  | "no token";

const CALLERS: Caller[] = [
  "member with the permission",
  "member without the permission",
  "member whose token lacks the scope",
  "member of another organization",
  "member of another organization, token naming this one",
  "expired token",
  "wrong-audience token",
  "machine-to-machine token",
  "Management API token",
  "no token",
];

/** The table: what each caller gets on a route needing `needs`. */
function expected(caller: Caller, needs: Needs): "allow" | 401 | 403 {
  switch (caller) {
    case "member with the permission":
      return "allow";
    case "member without the permission":
    case "member whose token lacks the scope":
      return needs === ANY ? "allow" : 403;
    case "member of another organization":
    case "member of another organization, token naming this one":
    case "machine-to-machine token":
      return 403;
    case "expired token":
    case "wrong-audience token":
    case "Management API token":
    case "no token":
      return 401;
  }
}

/** The Authorization token of one call by `caller` to a route of organization A. */
async function tokenFor(caller: Caller, needs: Needs): Promise<string | null> {
  const all = [...BUILT_IN_PERMISSION_NAMES];
  const heldRole = needs === ANY ? f.roles.plain : f.roles[needs];
  const scopes = needs === ANY ? [] : [needs];
  const inA = async (roleId = heldRole) => member(f.a, [roleId ?? ""]);
  switch (caller) {
    case "member with the permission":
      return h.organizationToken({ userId: await inA(), organizationId: f.a, scopes });
    case "member without the permission":
      // The token claims it; the member's roles do not hold it (a demotion after issue).
      return h.organizationToken({ userId: await inA(f.roles.plain), organizationId: f.a, scopes });
    case "member whose token lacks the scope":
      return h.organizationToken({ userId: await inA(), organizationId: f.a, scopes: [] });
    case "member of another organization":
      return h.organizationToken({
        userId: await member(f.b, [f.roles.owner ?? ""]),
        organizationId: f.b,
        scopes: all,
      });
    case "member of another organization, token naming this one":
      return h.organizationToken({
        userId: await member(f.b, [f.roles.owner ?? ""]),
        organizationId: f.a,
        scopes: all,
      });
    case "expired token":
      return h.organizationToken({
        userId: await inA(),
        organizationId: f.a,
        scopes,
        expiresIn: Math.floor(Date.now() / 1000) - 120,
      });
    case "wrong-audience token":
      return h.organizationToken({
        userId: await inA(),
        organizationId: f.a,
        scopes,
        audience: "https://api.customer.example",
      });
    case "machine-to-machine token":
      return h.organizationToken({
        userId: "m2m-app",
        clientId: "m2m-app",
        organizationId: f.a,
        scopes: all,
      });
    case "Management API token":
      return h.token();
    case "no token":
      return null;
  }
}

describe("organization API isolation matrix", () => {
  for (const route of ROUTES) {
    describe(route.name, () => {
      for (const caller of CALLERS) {
        const want = expected(caller, route.needs);
        it(`${caller}: ${want === "allow" ? "allowed" : `denied ${want}`}`, async () => {
          const { method, path, body } = await route.request(f.a);
          const token = await tokenFor(caller, route.needs);
          const response = await h.call(method, path, {
            token,
            ...(body === undefined ? {} : { body }),
          });
          if (want === "allow")
            expect([401, 403], `${method} ${path}: ${response.text.slice(0, 200)}`).not.toContain(
              response.status,
            );
          else expect(response.status, response.text.slice(0, 200)).toBe(want);
          if (want === "allow") expect(response.status).toBeLessThan(300);
        });
      }
    });
  }
});

describe("user routes (the user's access token)", () => {
  const USER_ROUTES = [
    { method: "GET", path: "/api/my/organizations" },
    { method: "GET", path: "/api/my/organization-suggestions" },
    { method: "POST", path: "/api/my/membership-requests", body: () => ({ organizationId: f.a }) },
  ];
  async function accessToken(scopes = ["openid", "urn:guildhall:scope:organizations"]) {
    const userId = (await domainUserOutside(f.a)).id;
    const token = unique("opaque-access-token");
    h.accessTokens.set(token, { userId, clientId: "customer-app", scopes });
    return token;
  }
  for (const route of USER_ROUTES) {
    it(`${route.method} ${route.path}: a user's access token only`, async () => {
      const call = async (token: string | null) =>
        h.call(route.method, route.path, { token, ...(route.body ? { body: route.body() } : {}) });
      const ok = await call(await accessToken());
      expect(ok.status, ok.text).toBeLessThan(300);
      expect((await call(await accessToken(["openid"]))).status).toBe(403);
      expect((await call("unknown-token")).status).toBe(401);
      const orgToken = await h.organizationToken({
        userId: f.owner,
        organizationId: f.a,
        scopes: [...BUILT_IN_PERMISSION_NAMES],
      });
      expect((await call(orgToken)).status).toBe(401);
      expect((await call(await h.token())).status).toBe(401);
      expect((await call(null)).status).toBe(401);
    });
  }
});

describe("CORS", () => {
  it("answers preflights and lets any origin read with a Bearer token (no cookies)", async () => {
    const preflight = await fetch(`${h.baseUrl}/api/my/organizations/${f.a}/users`, {
      method: "OPTIONS",
      headers: { origin: "https://app.customer.example", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
    const token = await h.organizationToken({
      userId: f.owner,
      organizationId: f.a,
      scopes: [P.membersRead],
    });
    const list = await h.call("GET", `${base(f.a)}/users`, { token });
    expect(list.status).toBe(200);
    expect(list.headers.get("access-control-allow-origin")).toBe("*");
    expect(list.headers.get("access-control-expose-headers")).toMatch(/Total-Number/);
    // The Management API is not opened to other origins.
    const management = await h.call("GET", "/api/organizations");
    expect(management.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("what members may do, through the API", () => {
  const all = [...BUILT_IN_PERMISSION_NAMES];
  const tokenOf = (userId: string, scopes: readonly string[] = all) =>
    h.organizationToken({ userId, organizationId: f.a, scopes });

  it("no escalation: roles:* without members:remove cannot grant, take away or invite with a role holding it", async () => {
    const manager = await member(f.a, [f.roles[P.membersRoles] ?? ""]);
    const token = await tokenOf(manager, [P.membersRoles, P.membersInvite]);
    const target = await member(f.a, [f.roles.plain ?? ""]);
    const grant = await h.call("PUT", `${base(f.a)}/users/${target}/roles`, {
      token,
      body: { organizationRoleIds: [f.roles[P.membersRemove]] },
    });
    expect(grant.status).toBe(403);
    expect(grant.body).toMatchObject({ code: "member.role_not_grantable" });
    // A role holding only what the manager holds is fine.
    const ok = await h.call("PUT", `${base(f.a)}/users/${target}/roles`, {
      token,
      body: { organizationRoleIds: [f.roles[P.membersRoles]] },
    });
    expect(ok.status, ok.text).toBe(204);
    // Taking away a role the manager could not grant is refused too.
    const remover = await member(f.a, [f.roles[P.membersRemove] ?? ""]);
    const takeAway = await h.call("PUT", `${base(f.a)}/users/${remover}/roles`, {
      token,
      body: { organizationRoleIds: [] },
    });
    expect(takeAway.body).toMatchObject({ code: "member.role_not_grantable" });
    // Inviting with it: the manager holds members:invite here, but not what owner grants.
    const invite = await h.call("POST", `${base(f.a)}/invitations`, {
      token: await tokenOf(manager, [P.membersInvite]),
      body: { invitee: `${unique("x")}@elsewhere.example`, organizationRoleIds: [f.roles.owner] },
    });
    expect(invite.status).toBe(403);
    // Nothing was written by the refused calls.
    const roles = await h.db.organizationMemberRole.findMany({
      where: { organizationId: f.a, userId: remover },
    });
    expect(roles.map((r) => r.roleId)).toEqual([f.roles[P.membersRemove]]);
  });

  it("two admins demoting each other at once leave one admin", async () => {
    for (let round = 0; round < 5; round += 1) {
      const org = (await createOrganization(systemContext(h.db), { name: unique("Duel") })).id;
      const [x, y] = [
        await member(org, [f.roles.owner ?? ""]),
        await member(org, [f.roles.owner ?? ""]),
      ];
      const demote = async (by: string, target: string) =>
        h.call("PUT", `/api/my/organizations/${org}/users/${target}/roles`, {
          token: await h.organizationToken({ userId: by, organizationId: org, scopes: all }),
          body: { organizationRoleIds: [f.roles.plain] },
        });
      const answers = await Promise.all([demote(x, y), demote(y, x)]);
      expect(answers.map((a) => a.status).sort()).toEqual([204, 403]);
      const admins = await h.db.organizationMemberRole.count({
        where: { organizationId: org, roleId: f.roles.owner ?? "" },
      });
      expect(admins).toBe(1);
    }
  });

  it("the last admin cannot demote themselves or leave while members remain", async () => {
    const org = (await createOrganization(systemContext(h.db), { name: unique("Solo") })).id;
    const admin = await member(org, [f.roles.owner ?? ""]);
    await member(org, [f.roles.plain ?? ""]);
    const token = await h.organizationToken({ userId: admin, organizationId: org, scopes: all });
    const demote = await h.call("PUT", `/api/my/organizations/${org}/users/${admin}/roles`, {
      token,
      body: { organizationRoleIds: [] },
    });
    expect(demote.status).toBe(409);
    expect(demote.body).toMatchObject({ code: "organization.last_admin" });
    const leave = await h.call("DELETE", `/api/my/organizations/${org}/membership`, { token });
    expect(leave.status).toBe(409);
  });

  it("a demotion counts at once: a token issued before it no longer works", async () => {
    const reader = await member(f.a, [f.roles[P.membersRead] ?? ""]);
    const token = await tokenOf(reader, [P.membersRead]);
    expect((await h.call("GET", `${base(f.a)}/users`, { token })).status).toBe(200);
    await h.db.organizationMemberRole.deleteMany({
      where: { organizationId: f.a, userId: reader },
    });
    expect((await h.call("GET", `${base(f.a)}/users`, { token })).status).toBe(403);
  });

  it("members change only the organization's profile, and bad input is a 400", async () => {
    const token = await tokenOf(f.owner, [P.organizationUpdate]);
    const renamed = await h.call<{ name: string }>("PATCH", base(f.a), {
      token,
      body: { name: "Renamed by its admin", color: { primaryColor: "#123456" } },
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Renamed by its admin" });
    expect(renamed.body).not.toHaveProperty("customData");
    const vendorField = await h.call("PATCH", base(f.a), {
      token,
      body: { customData: { plan: "free" } },
    });
    expect(vendorField.status).toBe(400);
    const nul = await h.call("PATCH", base(f.a), { token, body: { name: "a\u0000b" } });
    expect(nul.status).toBe(400);
  });

  it("users create organizations as the console allows, and become their admin", async () => {
    const { updateOrganizationCreationSettings } = await import("@guildhall/core");
    const ctx = systemContext(h.db);
    const token = unique("creator-token");
    const creator = await createUser(ctx, { email: `${unique("c")}@creators.example` });
    h.accessTokens.set(token, {
      userId: creator.id,
      clientId: "customer-app",
      scopes: ["urn:guildhall:scope:organizations"],
    });
    await updateOrganizationCreationSettings(ctx, { policy: "nobody" });
    const refused = await h.call("POST", "/api/my/organizations", {
      token,
      body: { name: "Mine" },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: "organization.creation_not_allowed" });
    await updateOrganizationCreationSettings(ctx, {
      policy: "everyone",
      creatorRoleId: f.roles.owner ?? null,
      limitPerUser: 1,
    });
    const created = await h.call<{ id: string }>("POST", "/api/my/organizations", {
      token,
      body: { name: "Mine" },
    });
    expect(created.status, created.text).toBe(201);
    const mine = await h.call<{ id: string; permissions: string[] }[]>(
      "GET",
      "/api/my/organizations",
      { token },
    );
    const entry = mine.body.find((o) => o.id === created.body.id);
    expect(entry?.permissions).toEqual([...all].sort());
    const second = await h.call("POST", "/api/my/organizations", { token, body: { name: "More" } });
    expect(second.status).toBe(422);
    expect(second.body).toMatchObject({ code: "organization.creation_limit_reached" });
    await updateOrganizationCreationSettings(ctx, { policy: "nobody" });
  });
});
