import { describe, expect, it } from "vitest";
import { createUser } from "../users/create-user.ts";
import { provisionJustInTime, type ProvisionJustInTimeInput } from "./provision-just-in-time.ts";
import { jitAudits, jitTestKit, organizationIdsOf, roleIdsIn, uniqueDomain } from "./test-kit.ts";

const { t, f, jitOrganization, connector } = jitTestKit();
const NOW = new Date("2031-03-01T09:00:00Z");

/** Runs the rule for a user in its own transaction, as a sign-in flow would. */
function provision(input: Omit<ProvisionJustInTimeInput, "reason" | "now"> & { now?: Date }) {
  return t
    .db()
    .$transaction((tx) =>
      provisionJustInTime(tx, { reason: "sign_up", now: NOW, ...input }, t.ctx()),
    );
}

const userAt = (domain: string, data: { suspendedAt?: Date } = {}) =>
  t
    .db()
    .user.create({ data: { email: `${Math.random().toString(36).slice(2)}@${domain}`, ...data } });

const provisionedAt = async (id: string) =>
  (await t.db().user.findUniqueOrThrow({ where: { id } })).jitEmailProvisionedAt;

describe("provisionJustInTime: the email domain rule", () => {
  it("makes a user with a verified address a member of every organization of the domain, with its default roles", async () => {
    const domain = uniqueDomain();
    const a = await jitOrganization({ domains: [domain], roleCount: 2 });
    const b = await jitOrganization({ domains: [domain], roleCount: 1 });
    const unrelated = await jitOrganization({ domains: [uniqueDomain()] });
    const user = await userAt(domain);

    const joined = await provision({ userId: user.id, email: user.email, emailVerified: true });

    expect(joined.map((j) => j.organizationId).sort()).toEqual([a.org.id, b.org.id].sort());
    expect(joined.every((j) => j.rule === "email_domain")).toBe(true);
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([a.org.id, b.org.id].sort());
    expect(await organizationIdsOf(t.db(), user.id)).not.toContain(unrelated.org.id);
    expect(await roleIdsIn(t.db(), a.org.id, user.id)).toEqual(a.roleIds);
    expect(await roleIdsIn(t.db(), b.org.id, user.id)).toEqual(b.roleIds);
    expect(await provisionedAt(user.id)).toEqual(NOW);

    const audits = await jitAudits(t.db(), user.id);
    expect(audits.map((e) => e.organizationId).sort()).toEqual([a.org.id, b.org.id].sort());
    for (const entry of audits) {
      expect(entry).toMatchObject({ targetType: "user", actorType: "console" });
      expect(entry.data).toMatchObject({
        rule: "email_domain",
        emailDomain: domain,
        reason: "sign_up",
      });
    }
  });

  it("matches the exact domain only: not a subdomain, not a parent", async () => {
    const domain = uniqueDomain();
    await jitOrganization({ domains: [domain] });
    const sub = await userAt(`eu.${domain}`);
    expect(await provision({ userId: sub.id, email: sub.email, emailVerified: true })).toEqual([]);
    expect(await organizationIdsOf(t.db(), sub.id)).toEqual([]);
  });

  it("never provisions from an unverified address, and does not use up the rule", async () => {
    const domain = uniqueDomain();
    await jitOrganization({ domains: [domain] });
    const user = await userAt(domain);
    expect(await provision({ userId: user.id, email: user.email, emailVerified: false })).toEqual(
      [],
    );
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([]);
    expect(await provisionedAt(user.id)).toBeNull();
    expect(await jitAudits(t.db(), user.id)).toEqual([]);
  });

  it("runs once: verifying later provisions, and a user who left is not added back", async () => {
    const domain = uniqueDomain();
    const { org } = await jitOrganization({ domains: [domain] });
    const user = await userAt(domain);
    await provision({ userId: user.id, email: user.email, emailVerified: false });
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([]);

    const joined = await provision({ userId: user.id, email: user.email, emailVerified: true });
    expect(joined.map((j) => j.organizationId)).toEqual([org.id]);

    await t.db().organizationMember.delete({
      where: { organizationId_userId: { organizationId: org.id, userId: user.id } },
    });
    const later = new Date(NOW.getTime() + 60_000);
    expect(
      await provision({ userId: user.id, email: user.email, emailVerified: true, now: later }),
    ).toEqual([]);
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([]);
    expect(await provisionedAt(user.id)).toEqual(NOW);
    expect(await jitAudits(t.db(), user.id)).toHaveLength(1);
  });

  it("leaves an existing membership and its roles as they are", async () => {
    const domain = uniqueDomain();
    const { org, roleIds } = await jitOrganization({ domains: [domain] });
    const other = await jitOrganization({ domains: [domain], roleCount: 1 });
    const ownRole = await f.role();
    const user = await userAt(domain);
    await f.member(org.id, user.id, [ownRole.id]);

    const joined = await provision({ userId: user.id, email: user.email, emailVerified: true });

    expect(joined.map((j) => j.organizationId)).toEqual([other.org.id]);
    expect(await roleIdsIn(t.db(), org.id, user.id)).toEqual([ownRole.id]);
    expect(await roleIdsIn(t.db(), org.id, user.id)).not.toContain(roleIds[0]);
    const audits = await jitAudits(t.db(), user.id);
    expect(audits.map((e) => e.organizationId)).toEqual([other.org.id]);
  });

  it("provisions nothing for a suspended user, and keeps the rule for later", async () => {
    const domain = uniqueDomain();
    await jitOrganization({ domains: [domain] });
    const connectorRow = await connector();
    await jitOrganization({ connectorIds: [connectorRow.id] });
    const user = await userAt(domain, { suspendedAt: new Date("2031-01-01T00:00:00Z") });

    const joined = await provision({
      userId: user.id,
      email: user.email,
      emailVerified: true,
      ssoConnectorId: connectorRow.id,
    });

    expect(joined).toEqual([]);
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([]);
    expect(await provisionedAt(user.id)).toBeNull();
  });

  it("provisions once when two verifications of one user race", async () => {
    const domain = uniqueDomain();
    const { org } = await jitOrganization({ domains: [domain] });
    const user = await userAt(domain);
    const results = await Promise.all([
      provision({ userId: user.id, email: user.email, emailVerified: true }),
      provision({ userId: user.id, email: user.email, emailVerified: true }),
    ]);
    expect(results.flat().map((j) => j.organizationId)).toEqual([org.id]);
    expect(await jitAudits(t.db(), user.id)).toHaveLength(1);
  });
});

describe("provisionJustInTime: the SSO connector rule", () => {
  it("makes a user who signs in through a connector a member of each linked organization", async () => {
    const linked = await connector();
    const other = await connector();
    const a = await jitOrganization({ connectorIds: [linked.id], roleCount: 2 });
    const b = await jitOrganization({ connectorIds: [linked.id, other.id] });
    const notLinked = await jitOrganization({ connectorIds: [other.id] });
    // The connector rule does not need a verified address.
    const user = await userAt(uniqueDomain());

    const joined = await provision({
      userId: user.id,
      email: user.email,
      emailVerified: false,
      ssoConnectorId: linked.id,
    });

    expect(joined.map((j) => j.organizationId).sort()).toEqual([a.org.id, b.org.id].sort());
    expect(await organizationIdsOf(t.db(), user.id)).not.toContain(notLinked.org.id);
    expect(await roleIdsIn(t.db(), a.org.id, user.id)).toEqual(a.roleIds);
    const audits = await jitAudits(t.db(), user.id);
    expect(audits).toHaveLength(2);
    for (const entry of audits)
      expect(entry.data).toMatchObject({ rule: "sso_connector", ssoConnectorId: linked.id });
    // Only the email rule is once-only.
    expect(await provisionedAt(user.id)).toBeNull();
  });

  it("joins an organization matched by both rules once, credited to the email rule", async () => {
    const domain = uniqueDomain();
    const linked = await connector([domain]);
    const { org, roleIds } = await jitOrganization({
      domains: [domain],
      connectorIds: [linked.id],
    });
    const user = await userAt(domain);
    const joined = await t.db().$transaction((tx) =>
      provisionJustInTime(
        tx,
        {
          userId: user.id,
          email: user.email,
          emailVerified: true,
          ssoConnectorId: linked.id,
          reason: "sso",
          now: NOW,
        },
        t.ctx(),
      ),
    );
    expect(joined).toEqual([{ organizationId: org.id, rule: "email_domain", roleIds }]);
    const [entry] = await jitAudits(t.db(), user.id);
    expect(entry?.data).toMatchObject({ rule: "email_domain", reason: "sso" });
    expect(await jitAudits(t.db(), user.id)).toHaveLength(1);
  });
});

describe("createUser runs the rule", () => {
  it("provisions a user created with a verified address, not one created unverified", async () => {
    const domain = uniqueDomain();
    const { org, roleIds } = await jitOrganization({ domains: [domain] });
    const verified = await createUser(t.ctx({ now: () => NOW }), {
      email: `ada@${domain}`,
      emailVerified: true,
    });
    const unverified = await createUser(t.ctx(), { email: `bob@${domain}` });
    expect(await organizationIdsOf(t.db(), verified.id)).toEqual([org.id]);
    expect(await roleIdsIn(t.db(), org.id, verified.id)).toEqual(roleIds);
    expect(await organizationIdsOf(t.db(), unverified.id)).toEqual([]);
    const [entry] = await jitAudits(t.db(), verified.id);
    expect(entry?.data).toMatchObject({ rule: "email_domain", reason: "console" });

    const viaApi = await createUser(t.ctx({ actor: { type: "management_api", clientId: "m2m" } }), {
      email: `cy@${domain.toUpperCase()}`,
      emailVerified: true,
    });
    const [apiEntry] = await jitAudits(t.db(), viaApi.id);
    expect(apiEntry).toMatchObject({ actorType: "management_api", actorId: "m2m" });
    expect(apiEntry?.data).toMatchObject({ reason: "management_api", emailDomain: domain });
  });

  it("creates no user when provisioning fails: one transaction", async () => {
    const domain = uniqueDomain();
    await jitOrganization({ domains: [domain] });
    // A trigger makes the JIT audit entry fail, after the user row was written.
    const email = `zed@${domain}`;
    await t.db().$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION jit_test_refuse() RETURNS trigger AS $$ BEGIN
         IF NEW.action = 'organization.jit_provisioned' THEN RAISE EXCEPTION 'refused'; END IF;
         RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await t
      .db()
      .$executeRawUnsafe(
        `CREATE TRIGGER jit_test_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION jit_test_refuse()`,
      );
    try {
      await expect(createUser(t.ctx(), { email, emailVerified: true })).rejects.toThrow();
    } finally {
      await t.db().$executeRawUnsafe(`DROP TRIGGER jit_test_refuse ON audit_log`);
    }
    expect(await t.db().user.findUnique({ where: { email } })).toBeNull();
  });
});
