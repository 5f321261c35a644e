// Test-only helpers for the JIT tests: an organization with JIT settings, connectors, and
// reading back what provisioning wrote.
import type { Db } from "@guildhall/db";
import { fixtures } from "../members/test-fixtures.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import { addJitEmailDomain } from "./email-domains.ts";
import { addJitRoles } from "./roles.ts";
import { addJitSsoConnectors } from "./sso-connectors.ts";

/** A domain no other test uses: `acme-3-k2j1.test`. */
export const uniqueDomain = (prefix = "corp") => `${unique(prefix)}.test`;

export function jitTestKit() {
  const t = useTestDatabase();
  const f = fixtures(t.db);

  /** An organization provisioning `domains` and `connectorIds`, with `roleCount` default roles. */
  async function jitOrganization({
    domains = [],
    connectorIds = [],
    roleCount = 1,
  }: { domains?: string[]; connectorIds?: string[]; roleCount?: number } = {}) {
    const org = await f.organization();
    const roles = [];
    for (let i = 0; i < roleCount; i += 1) roles.push(await f.role());
    for (const emailDomain of domains)
      await addJitEmailDomain(t.ctx(), { organizationId: org.id, emailDomain });
    if (roles.length)
      await addJitRoles(t.ctx(), {
        organizationId: org.id,
        organizationRoleIds: roles.map((r) => r.id),
      });
    if (connectorIds.length)
      await addJitSsoConnectors(t.ctx(), { organizationId: org.id, ssoConnectorIds: connectorIds });
    return { org, roleIds: roles.map((r) => r.id).sort() };
  }

  const connector = (domains: string[] = []) =>
    t.db().ssoConnector.create({
      data: { providerName: "OIDC", connectorName: unique("connector"), domains, config: {} },
    });

  return { t, f, jitOrganization, connector };
}

/** The organizations the user is a member of, sorted. */
export async function organizationIdsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db.organizationMember.findMany({ where: { userId } });
  return rows.map((r) => r.organizationId).sort();
}

/** The roles the user holds in the organization, sorted. */
export async function roleIdsIn(db: Db, organizationId: string, userId: string) {
  const rows = await db.organizationMemberRole.findMany({ where: { organizationId, userId } });
  return rows.map((r) => r.roleId).sort();
}

/** The JIT audit entries about the user, oldest first. */
export function jitAudits(db: Db, userId: string) {
  return db.auditLog.findMany({
    where: { targetId: userId, action: "organization.jit_provisioned" },
    orderBy: { createdAt: "asc" },
  });
}
