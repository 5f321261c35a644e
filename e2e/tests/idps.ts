/**
 * Real identity providers for the browser tests, on fixed ports (the connector is configured
 * in the console before the IdP learns its redirect URI): core's test OIDC IdP
 * (oidc-provider) and a SAML IdP (samlify) behind a tiny HTTP server that answers the
 * browser's AuthnRequest with a signed response, posted back by an auto-submitting form.
 */
import { createServer, type Server } from "node:http";
import { startTestOidcIdp } from "../../packages/core/src/sso/testing/oidc-idp.ts";
import { createTestSamlIdp } from "../../packages/core/src/sso/testing/saml-idp.ts";
import { TEST_IDP_CERT, TEST_IDP_KEY } from "../../packages/core/src/sso/testing/test-keys.ts";

export { startTestOidcIdp };

export const SAML_IDP = {
  port: 4202,
  entityId: "http://127.0.0.1:4202/metadata",
  ssoUrl: "http://127.0.0.1:4202/sso",
};

const escape = (value: string) => value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The SAML IdP: signs in `user` for the SP whose entity id and ACS URL are given. */
export async function startSamlIdp(
  sp: { entityId: string; acsUrl: string },
  user: { nameId: string; attributes: Record<string, string> },
): Promise<{ metadataXml: string; close(): Promise<void> }> {
  const idp = createTestSamlIdp({
    entityId: SAML_IDP.entityId,
    ssoUrl: SAML_IDP.ssoUrl,
    privateKey: TEST_IDP_KEY,
    certificate: TEST_IDP_CERT,
  });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", SAML_IDP.ssoUrl);
    if (url.pathname !== "/sso") {
      res.statusCode = 404;
      res.end();
      return;
    }
    idp
      .answer(sp, { redirectUrl: url.href, ...user })
      .then(({ samlResponse, relayState }) => {
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        res.end(`<!doctype html><html lang="en"><head><title>Test IdP</title></head><body>
<form method="post" action="${escape(sp.acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${escape(samlResponse)}">
<input type="hidden" name="RelayState" value="${escape(relayState)}">
<button type="submit">Continue to Guildhall</button></form>
<script>document.forms[0].submit()</script></body></html>`);
      })
      .catch((error: unknown) => {
        res.statusCode = 400;
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(SAML_IDP.port, "127.0.0.1", resolve));
  return {
    metadataXml: idp.metadataXml,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
