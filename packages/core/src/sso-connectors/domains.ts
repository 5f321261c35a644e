import type { Prisma } from "@guildhall/db";
import { ADVISORY_LOCKS } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import { DomainError } from "../errors.ts";
import { assertNotPublicEmailDomain, normalizeEmailDomain } from "../shared/email-domain.ts";

const connectors = sqlTable("SsoConnector");
// `&&` (overlap) is answered by the GIN index on domains.
const CLAIMED_SQL = prismaStatement(
  `SELECT ${connectors.col.connectorName}, ${connectors.col.domains} FROM ${connectors.ref}
   WHERE ${connectors.col.domains} && $1::text[] AND ${connectors.col.id} <> $2 LIMIT 1`,
);

/**
 * A connector's domains as stored: normalized, without duplicates, none a public mail domain
 * (anyone can have an address at gmail.com, so it cannot route sign-ins to a company's IdP).
 * @throws guard.invalid_input, sso_connector.invalid_config
 */
export function normalizeConnectorDomains(domains: string[]): string[] {
  const normalized = [...new Set(domains.map(normalizeEmailDomain))];
  for (const domain of normalized)
    assertNotPublicEmailDomain(domain, "sso_connector.invalid_config");
  return normalized;
}

/**
 * Refuses domains another connector already serves: home-realm discovery sends an email to
 * exactly one IdP. Takes a transaction lock first, so two writes claiming the same domain
 * cannot both pass the check. Call it inside the transaction that writes the domains.
 * @throws sso_connector.invalid_config
 */
export async function assertDomainsUnclaimed(
  tx: Prisma.TransactionClient,
  domains: string[],
  connectorId: string,
): Promise<void> {
  if (domains.length === 0) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.ssoConnectorDomains}::bigint)`;
  const [claimed] = await tx.$queryRaw<{ connectorName: string; domains: string[] }[]>(
    CLAIMED_SQL,
    domains,
    connectorId,
  );
  if (!claimed) return;
  const taken = domains.filter((d) => claimed.domains.includes(d));
  throw new DomainError(
    "sso_connector.invalid_config",
    `${taken.join(", ")} already belongs to the SSO connector "${claimed.connectorName}": an email domain can sign in through one connector only.`,
    { field: "domains", domains: taken, connectorName: claimed.connectorName },
  );
}
