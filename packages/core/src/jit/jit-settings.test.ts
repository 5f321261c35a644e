import { describe, expect, it } from "vitest";
import { expectDomainError } from "../test-utils.ts";
import {
  addJitEmailDomain,
  listJitEmailDomains,
  removeJitEmailDomain,
  replaceJitEmailDomains,
} from "./email-domains.ts";
import { addJitRoles, listJitRoles, removeJitRole, replaceJitRoles } from "./roles.ts";
import {
  addJitSsoConnectors,
  listJitSsoConnectors,
  removeJitSsoConnector,
  replaceJitSsoConnectors,
} from "./sso-connectors.ts";
import { jitTestKit, uniqueDomain } from "./test-kit.ts";

const { t, f, connector } = jitTestKit();
const endUser = () => t.ctx({ actor: { type: "user", userId: "someone" } });

const domainsOf = async (organizationId: string) =>
  (await listJitEmailDomains(t.ctx(), { organizationId, pageSize: 100 })).items.map(
    (d) => d.emailDomain,
  );
const changes = (organizationId: string, action: string) =>
  t.db().auditLog.findMany({ where: { organizationId, action }, orderBy: { createdAt: "asc" } });

describe("JIT email domains", () => {
  it("adds lower-cased domains, lists them, and audits each change", async () => {
    const org = await f.organization();
    const domain = uniqueDomain();
    expect(
      await addJitEmailDomain(t.ctx(), {
        organizationId: org.id,
        emailDomain: ` ${domain.toUpperCase()} `,
      }),
    ).toEqual({ organizationId: org.id, emailDomain: domain });
    // Adding again is harmless and records nothing.
    await addJitEmailDomain(t.ctx(), { organizationId: org.id, emailDomain: domain });
    expect(await domainsOf(org.id)).toEqual([domain]);
    const entries = await changes(org.id, "organization.jit_email_domains_changed");
    expect(entries).toHaveLength(1);
    expect(entries[0]?.data).toEqual({ added: [domain], removed: [] });
  });

  it("stores internationalized domains in punycode, as SSO connectors do", async () => {
    const org = await f.organization();
    const label = `bücher${Math.random().toString(36).slice(2, 6)}`;
    const added = await addJitEmailDomain(t.ctx(), {
      organizationId: org.id,
      emailDomain: `${label.toUpperCase()}.example`,
    });
    expect(added.emailDomain).toBe(new URL(`http://${label}.example`).hostname);
    expect(added.emailDomain).toMatch(/^xn--/);
    await removeJitEmailDomain(t.ctx(), {
      organizationId: org.id,
      emailDomain: `${label}.example`,
    });
    expect(await domainsOf(org.id)).toEqual([]);
  });

  it("lets one domain serve several organizations", async () => {
    const domain = uniqueDomain();
    const [a, b] = [await f.organization(), await f.organization()];
    await addJitEmailDomain(t.ctx(), { organizationId: a.id, emailDomain: domain });
    await addJitEmailDomain(t.ctx(), { organizationId: b.id, emailDomain: domain });
    expect(await domainsOf(a.id)).toEqual([domain]);
    expect(await domainsOf(b.id)).toEqual([domain]);
  });

  it("refuses public mail domains with jit.email_domain_public, and malformed ones", async () => {
    const org = await f.organization();
    for (const emailDomain of ["gmail.com", "Outlook.com", "HOTMAIL.COM"]) {
      const error = await expectDomainError(
        addJitEmailDomain(t.ctx(), { organizationId: org.id, emailDomain }),
        "jit.email_domain_public",
      );
      expect(error.data).toEqual({ emailDomain: emailDomain.toLowerCase() });
    }
    await expectDomainError(
      replaceJitEmailDomains(t.ctx(), {
        organizationId: org.id,
        emailDomains: [uniqueDomain(), "yahoo.com"],
      }),
      "jit.email_domain_public",
    );
    for (const emailDomain of [
      "user@corp.test",
      "https://corp.test",
      "localhost",
      "-a.test",
      "a..test",
      "a b.test",
      "",
    ]) {
      await expectDomainError(
        addJitEmailDomain(t.ctx(), { organizationId: org.id, emailDomain }),
        "guard.invalid_input",
      );
    }
    expect(await domainsOf(org.id)).toEqual([]);
  });

  it("replaces the set exactly, and removes one domain", async () => {
    const org = await f.organization();
    const [keep, drop, add] = [uniqueDomain("keep"), uniqueDomain("drop"), uniqueDomain("add")];
    await replaceJitEmailDomains(t.ctx(), { organizationId: org.id, emailDomains: [keep, drop] });
    await replaceJitEmailDomains(t.ctx(), {
      organizationId: org.id,
      emailDomains: [keep, add, add],
    });
    expect(await domainsOf(org.id)).toEqual([add, keep].sort());
    const [, second] = await changes(org.id, "organization.jit_email_domains_changed");
    expect(second?.data).toEqual({ added: [add], removed: [drop] });

    await removeJitEmailDomain(t.ctx(), {
      organizationId: org.id,
      emailDomain: keep.toUpperCase(),
    });
    expect(await domainsOf(org.id)).toEqual([add]);
    await expectDomainError(
      removeJitEmailDomain(t.ctx(), { organizationId: org.id, emailDomain: keep }),
      "jit.email_domain_not_found",
    );
    await replaceJitEmailDomains(t.ctx(), { organizationId: org.id, emailDomains: [] });
    expect(await domainsOf(org.id)).toEqual([]);
  });

  it("paginates the list", async () => {
    const org = await f.organization();
    const domains = Array.from({ length: 5 }, (_, i) => `d${i}-${uniqueDomain()}`);
    await replaceJitEmailDomains(t.ctx(), { organizationId: org.id, emailDomains: domains });
    const page = await listJitEmailDomains(t.ctx(), {
      organizationId: org.id,
      page: 2,
      pageSize: 2,
    });
    expect(page).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page.items.map((d) => d.emailDomain)).toEqual([...domains].sort().slice(2, 4));
  });
});

describe("JIT default roles", () => {
  it("adds, lists, replaces and removes user roles", async () => {
    const org = await f.organization();
    const [r1, r2, r3] = [await f.role(), await f.role(), await f.role()];
    await addJitRoles(t.ctx(), { organizationId: org.id, organizationRoleIds: [r1.id, r2.id] });
    const listed = await listJitRoles(t.ctx(), { organizationId: org.id });
    expect(listed.total).toBe(2);
    expect(listed.items.map((r) => r.id).sort()).toEqual([r1.id, r2.id].sort());
    expect(listed.items[0]).toHaveProperty("permissions");

    await replaceJitRoles(t.ctx(), { organizationId: org.id, organizationRoleIds: [r2.id, r3.id] });
    expect(
      (await listJitRoles(t.ctx(), { organizationId: org.id })).items.map((r) => r.id).sort(),
    ).toEqual([r2.id, r3.id].sort());
    const entries = await changes(org.id, "organization.jit_roles_changed");
    expect(entries.at(-1)?.data).toEqual({ added: [r3.id], removed: [r1.id] });

    await removeJitRole(t.ctx(), { organizationId: org.id, organizationRoleId: r2.id });
    await expectDomainError(
      removeJitRole(t.ctx(), { organizationId: org.id, organizationRoleId: r2.id }),
      "jit.role_not_found",
    );
    expect(
      (await listJitRoles(t.ctx(), { organizationId: org.id })).items.map((r) => r.id),
    ).toEqual([r3.id]);
  });

  it("refuses unknown roles and machine-to-machine roles, changing nothing", async () => {
    const org = await f.organization();
    const [user, machine] = [await f.role(), await f.role({ type: "MachineToMachine" })];
    const missing = await expectDomainError(
      addJitRoles(t.ctx(), { organizationId: org.id, organizationRoleIds: [user.id, "nope"] }),
      "jit.role_not_found",
    );
    expect(missing.data).toEqual({ organizationRoleIds: ["nope"] });
    await expectDomainError(
      replaceJitRoles(t.ctx(), {
        organizationId: org.id,
        organizationRoleIds: [user.id, machine.id],
      }),
      "member.role_type_mismatch",
    );
    expect((await listJitRoles(t.ctx(), { organizationId: org.id })).total).toBe(0);
  });
});

describe("JIT SSO connectors", () => {
  it("links, lists (without config), replaces and unlinks connectors", async () => {
    const org = await f.organization();
    const [c1, c2] = [await connector([uniqueDomain()]), await connector()];
    await addJitSsoConnectors(t.ctx(), { organizationId: org.id, ssoConnectorIds: [c1.id] });
    const listed = await listJitSsoConnectors(t.ctx(), { organizationId: org.id });
    expect(listed.items).toEqual([
      {
        id: c1.id,
        providerName: "OIDC",
        connectorName: c1.connectorName,
        domains: c1.domains,
        createdAt: c1.createdAt,
      },
    ]);
    await replaceJitSsoConnectors(t.ctx(), { organizationId: org.id, ssoConnectorIds: [c2.id] });
    expect(
      (await listJitSsoConnectors(t.ctx(), { organizationId: org.id })).items.map((c) => c.id),
    ).toEqual([c2.id]);
    await removeJitSsoConnector(t.ctx(), { organizationId: org.id, ssoConnectorId: c2.id });
    await expectDomainError(
      removeJitSsoConnector(t.ctx(), { organizationId: org.id, ssoConnectorId: c2.id }),
      "jit.sso_connector_not_found",
    );
    expect((await listJitSsoConnectors(t.ctx(), { organizationId: org.id })).total).toBe(0);
  });

  it("refuses connectors that do not exist", async () => {
    const org = await f.organization();
    const error = await expectDomainError(
      addJitSsoConnectors(t.ctx(), { organizationId: org.id, ssoConnectorIds: ["ghost"] }),
      "jit.sso_connector_not_found",
    );
    expect(error.data).toEqual({ ssoConnectorIds: ["ghost"] });
  });
});

describe("JIT settings: who and where", () => {
  it("answers organization.not_found for an unknown organization, on every verb", async () => {
    const organizationId = "no-such-org";
    const role = await f.role();
    const calls = [
      () => listJitEmailDomains(t.ctx(), { organizationId }),
      () => addJitEmailDomain(t.ctx(), { organizationId, emailDomain: uniqueDomain() }),
      () => replaceJitEmailDomains(t.ctx(), { organizationId, emailDomains: [] }),
      () => removeJitEmailDomain(t.ctx(), { organizationId, emailDomain: "x.test" }),
      () => listJitRoles(t.ctx(), { organizationId }),
      () => addJitRoles(t.ctx(), { organizationId, organizationRoleIds: [role.id] }),
      () => replaceJitRoles(t.ctx(), { organizationId, organizationRoleIds: [] }),
      () => removeJitRole(t.ctx(), { organizationId, organizationRoleId: role.id }),
      () => listJitSsoConnectors(t.ctx(), { organizationId }),
      () => replaceJitSsoConnectors(t.ctx(), { organizationId, ssoConnectorIds: [] }),
      () => removeJitSsoConnector(t.ctx(), { organizationId, ssoConnectorId: "x" }),
    ];
    for (const call of calls) await expectDomainError(call(), "organization.not_found");
  });

  it("lets console members and the Management API manage them, not end users", async () => {
    const org = await f.organization();
    const collaborator = t.ctx({ actor: { type: "console", userId: "c", role: "collaborator" } });
    const m2m = t.ctx({ actor: { type: "management_api", clientId: "m" } });
    await addJitEmailDomain(collaborator, { organizationId: org.id, emailDomain: uniqueDomain() });
    await addJitEmailDomain(m2m, { organizationId: org.id, emailDomain: uniqueDomain() });
    expect((await listJitEmailDomains(m2m, { organizationId: org.id })).total).toBe(2);
    await expectDomainError(
      addJitEmailDomain(endUser(), { organizationId: org.id, emailDomain: uniqueDomain() }),
      "auth.forbidden",
    );
    await expectDomainError(listJitRoles(endUser(), { organizationId: org.id }), "auth.forbidden");
    await expectDomainError(
      replaceJitSsoConnectors(endUser(), { organizationId: org.id, ssoConnectorIds: [] }),
      "auth.forbidden",
    );
  });
});
