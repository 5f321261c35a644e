import type {
  RestJitEmailDomain,
  RestJitSsoConnector,
  RestOrganization,
  RestOrganizationRole,
  RestUser,
} from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();

const organization = () =>
  h.ok<RestOrganization>("POST", "/api/organizations", 201, { name: unique("Org") });
const role = (type = "User") =>
  h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
    name: unique("role"),
    type,
  });
const domain = () => `${unique("corp").toLowerCase()}.test`;
const connector = () =>
  h.db.ssoConnector.create({
    data: { providerName: "SAML", connectorName: unique("idp"), domains: [], config: {} },
  });
const jit = (org: { id: string }, rest: string) => `/api/organizations/${org.id}/jit/${rest}`;

describe("/api/organizations/{id}/jit/email-domains", () => {
  it("adds (201, the row), lists with pagination headers, replaces (204) and deletes (204)", async () => {
    const org = await organization();
    const [a, b, c] = [domain(), domain(), domain()];
    expect(
      await h.ok<RestJitEmailDomain>("POST", jit(org, "email-domains"), 201, {
        emailDomain: a.toUpperCase(),
      }),
    ).toEqual({ organizationId: org.id, emailDomain: a });

    await h.ok("PUT", jit(org, "email-domains"), 204, { emailDomains: [b, c] });
    const list = await h.call<RestJitEmailDomain[]>(
      "GET",
      `${jit(org, "email-domains")}?page_size=1`,
    );
    expect(list.status).toBe(200);
    expect(list.headers.get("total-number")).toBe("2");
    expect(list.body).toEqual([{ organizationId: org.id, emailDomain: [b, c].sort()[0] }]);

    await h.ok("DELETE", jit(org, `email-domains/${b}`), 204);
    const gone = await h.call("DELETE", jit(org, `email-domains/${b}`));
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: "entity.not_found" });
    const rest = await h.ok<RestJitEmailDomain[]>("GET", jit(org, "email-domains"), 200);
    expect(rest.map((d) => d.emailDomain)).toEqual([c]);
  });

  it("refuses public mail domains with 422 jit.email_domain_public, malformed ones with 400", async () => {
    const org = await organization();
    const pub = await h.call("POST", jit(org, "email-domains"), {
      body: { emailDomain: "gmail.com" },
    });
    expect(pub.status).toBe(422);
    expect(pub.body).toMatchObject({
      code: "jit.email_domain_public",
      data: { emailDomain: "gmail.com" },
    });
    const bad = await h.call("PUT", jit(org, "email-domains"), {
      body: { emailDomains: ["not a domain"] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "guard.invalid_input" });
  });

  it("answers 404 to reads of an unknown organization and 422 entity.relation_foreign_key_not_found to writes, as Logto", async () => {
    const ghost = { id: "ghost" };
    const [r, c] = [await role(), await connector()];
    for (const [method, path] of [
      ["GET", jit(ghost, "email-domains")],
      ["GET", jit(ghost, "sso-connectors")],
    ] as const) {
      const response = await h.call(method, path);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body).toMatchObject({ code: "entity.not_exists_with_id" });
    }
    for (const [method, path, body] of [
      ["POST", jit(ghost, "email-domains"), { emailDomain: domain() }],
      ["PUT", jit(ghost, "email-domains"), { emailDomains: [domain()] }],
      ["POST", jit(ghost, "roles"), { organizationRoleIds: [r.id] }],
      ["PUT", jit(ghost, "roles"), { organizationRoleIds: [r.id] }],
      ["POST", jit(ghost, "sso-connectors"), { ssoConnectorIds: [c.id] }],
      ["PUT", jit(ghost, "sso-connectors"), { ssoConnectorIds: [c.id] }],
    ] as const) {
      const response = await h.call(method, path, { body });
      expect(response.status, `${method} ${path}`).toBe(422);
      expect(response.body).toMatchObject({ code: "entity.relation_foreign_key_not_found" });
    }
  });
});

describe("/api/organizations/{id}/jit/roles", () => {
  it("adds (201), lists organization roles, replaces (204) and deletes (204, then 404)", async () => {
    const org = await organization();
    const [r1, r2] = [await role(), await role()];
    await h.ok("POST", jit(org, "roles"), 201, { organizationRoleIds: [r1.id] });
    await h.ok("PUT", jit(org, "roles"), 204, { organizationRoleIds: [r1.id, r2.id] });
    const list = await h.ok<RestOrganizationRole[]>("GET", jit(org, "roles"), 200);
    expect(list.map((r) => r.id).sort()).toEqual([r1.id, r2.id].sort());
    expect(list.find((r) => r.id === r1.id)).toEqual({
      id: r1.id,
      name: r1.name,
      description: null,
      type: "User",
    });
    await h.ok("DELETE", jit(org, `roles/${r1.id}`), 204);
    const again = await h.call("DELETE", jit(org, `roles/${r1.id}`));
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: "entity.not_found" });
  });

  it("answers 422 for unknown roles and machine-to-machine roles", async () => {
    const org = await organization();
    const unknown = await h.call("POST", jit(org, "roles"), {
      body: { organizationRoleIds: ["ghost"] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: "entity.relation_foreign_key_not_found" });
    const machine = await role("MachineToMachine");
    const mismatch = await h.call("PUT", jit(org, "roles"), {
      body: { organizationRoleIds: [machine.id] },
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body).toMatchObject({ code: "entity.db_constraint_violated" });
  });
});

describe("/api/organizations/{id}/jit/sso-connectors", () => {
  it("links (201), lists without config, replaces (204), unlinks (204); unknown ids are 422", async () => {
    const org = await organization();
    const [c1, c2] = [await connector(), await connector()];
    await h.ok("POST", jit(org, "sso-connectors"), 201, { ssoConnectorIds: [c1.id] });
    const list = await h.ok<RestJitSsoConnector[]>("GET", jit(org, "sso-connectors"), 200);
    expect(list).toEqual([
      {
        id: c1.id,
        providerName: "SAML",
        connectorName: c1.connectorName,
        domains: [],
        createdAt: c1.createdAt.getTime(),
      },
    ]);
    await h.ok("PUT", jit(org, "sso-connectors"), 204, { ssoConnectorIds: [c2.id] });
    await h.ok("DELETE", jit(org, `sso-connectors/${c2.id}`), 204);
    expect((await h.call("DELETE", jit(org, `sso-connectors/${c2.id}`))).status).toBe(404);
    const unknown = await h.call("PUT", jit(org, "sso-connectors"), {
      body: { ssoConnectorIds: ["ghost"] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: "entity.relation_foreign_key_not_found" });
  });
});

describe("provisioning through the API", () => {
  it("a user created with a verified address joins the domain's organization with its default roles", async () => {
    const org = await organization();
    const d = domain();
    const r = await role();
    await h.ok("POST", jit(org, "email-domains"), 201, { emailDomain: d });
    await h.ok("POST", jit(org, "roles"), 201, { organizationRoleIds: [r.id] });

    const unverified = await h.ok<RestUser>("POST", "/api/users", 200, { primaryEmail: `a@${d}` });
    const verified = await h.ok<RestUser>("POST", "/api/users", 200, {
      primaryEmail: `b@${d}`,
      primaryEmailVerified: true,
    });
    const roles = await h.ok<RestOrganizationRole[]>(
      "GET",
      `/api/organizations/${org.id}/users/${verified.id}/roles`,
      200,
    );
    expect(roles.map((x) => x.id)).toEqual([r.id]);
    const notMember = await h.call(
      "GET",
      `/api/organizations/${org.id}/users/${unverified.id}/roles`,
    );
    expect(notMember.status).toBe(422);
  });

  it("the organization shape carries isSsoOnly (a Guildhall extension), settable by PATCH", async () => {
    const org = await organization();
    expect(org.isSsoOnly).toBe(false);
    const patched = await h.ok<RestOrganization>("PATCH", `/api/organizations/${org.id}`, 200, {
      isSsoOnly: true,
    });
    expect(patched.isSsoOnly).toBe(true);
  });
});
