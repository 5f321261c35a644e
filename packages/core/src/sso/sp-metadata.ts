import type { Db } from "@guildhall/db";
import { generateServiceProviderMetadata } from "@node-saml/node-saml";
import { id as idSchema } from "@guildhall/validators";
import { parseInput } from "../parse.ts";
import { ssoConnectorNotFound } from "../sso-connectors/select.ts";
import { samlServiceProvider } from "./saml-sp.ts";

/**
 * Guildhall's SAML SP metadata for a connector, what an IdP admin imports: entity ID
 * `${baseUrl}/sso/saml/{id}`, the ACS (HTTP-POST) and `WantAssertionsSigned`. It holds no
 * secret and does not need the IdP's settings, so it is served before they are entered.
 * @throws sso_connector.not_found (also for an OIDC connector)
 * @example const xml = await samlServiceProviderMetadata(db, { connectorId, baseUrl });
 */
export async function samlServiceProviderMetadata(
  db: Db,
  input: { connectorId: string; baseUrl: string },
): Promise<string> {
  const connectorId = parseInput(idSchema, input.connectorId);
  const row = await db.ssoConnector.findUnique({
    where: { id: connectorId },
    select: { providerName: true },
  });
  if (row?.providerName !== "SAML") throw ssoConnectorNotFound(connectorId);
  const { entityId, acsUrl } = samlServiceProvider(input.baseUrl, connectorId);
  return generateServiceProviderMetadata({
    issuer: entityId,
    callbackUrl: acsUrl,
    wantAssertionsSigned: true,
    identifierFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
  });
}
