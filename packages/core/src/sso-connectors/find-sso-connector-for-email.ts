import type { Db } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import { emailDomainOf } from "../shared/email-domain.ts";

const connectors = sqlTable("SsoConnector");
// `@>` (contains) is answered by the GIN index on domains. A connector whose IdP settings
// are not entered yet cannot sign anyone in, so it does not capture its domains.
const FIND_SQL = prismaStatement(
  `SELECT ${connectors.col.id}, ${connectors.col.connectorName}, ${connectors.col.allowPasswordSignIn}
   FROM ${connectors.ref}
   WHERE ${connectors.col.domains} @> ARRAY[$1]::text[] AND ${connectors.col.config} <> '{}'::jsonb
   LIMIT 1`,
);

/** The connector home-realm discovery sends an email to. */
export interface SsoConnectorForEmail {
  id: string;
  connectorName: string;
  /** Whether "sign in with password instead" is offered to this domain's users. */
  allowPasswordSignIn: boolean;
}

/**
 * Home-realm discovery: the connector that owns the email's domain, or null (also for text
 * that is not an email address: the sign-in page then carries on with a password). One
 * indexed query; a domain belongs to at most one connector (see `assertDomainsUnclaimed`).
 */
export async function findSsoConnectorForEmail(
  db: Db,
  { email }: { email: string },
): Promise<SsoConnectorForEmail | null> {
  let domain: string;
  try {
    domain = emailDomainOf(email);
  } catch {
    return null;
  }
  const [row] = await db.$queryRaw<SsoConnectorForEmail[]>(FIND_SQL, domain);
  return row ?? null;
}
