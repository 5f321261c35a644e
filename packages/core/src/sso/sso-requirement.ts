import type { Db } from "@guildhall/db";
import { ssoDiscoveryInput, type SsoDiscovery } from "@guildhall/validators";
import { parseInput } from "../parse.ts";
import { emailDomainOf } from "../shared/email-domain.ts";
import { findSsoConnectorForEmail } from "../sso-connectors/find-sso-connector-for-email.ts";

/**
 * How an email must sign in, the one rule the sign-in page's home-realm discovery and the
 * password check share: null when its domain has no SSO; otherwise the connector to send it
 * to, and whether a password is still accepted. A password is refused when the connector
 * says so, or when an SSO-only organization lists the domain among its JIT email domains.
 * It says what the sign-in page shows anyway for the domain, nothing about the account.
 */
export async function ssoSignInRequirement(
  db: Db,
  input: { email: string },
): Promise<(Omit<SsoDiscovery, "connectorId"> & { connectorId: string | null }) | null> {
  const { email } = parseInput(ssoDiscoveryInput, input);
  let domain: string;
  try {
    domain = emailDomainOf(email);
  } catch {
    return null;
  }
  const [connector, ssoOnly] = await Promise.all([
    findSsoConnectorForEmail(db, { email }),
    db.organization.findFirst({
      where: { isSsoOnly: true, jitEmailDomains: { some: { emailDomain: domain } } },
      select: {
        jitSsoConnectors: {
          select: { ssoConnector: { select: { id: true, connectorName: true } } },
          orderBy: { createdAt: "asc" },
          take: 1,
        },
      },
    }),
  ]);
  if (connector) {
    return {
      connectorId: connector.id,
      connectorName: connector.connectorName,
      allowPasswordSignIn: connector.allowPasswordSignIn && !ssoOnly,
    };
  }
  if (!ssoOnly) return null;
  // No connector owns the domain: point to one the organization signs its members in with.
  const linked = ssoOnly.jitSsoConnectors[0]?.ssoConnector;
  return {
    connectorId: linked?.id ?? null,
    connectorName: linked?.connectorName ?? "your organization's single sign-on",
    allowPasswordSignIn: false,
  };
}
