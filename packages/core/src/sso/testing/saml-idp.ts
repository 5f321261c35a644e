import { randomUUID } from "node:crypto";
import * as samlify from "samlify";

// samlify checks every message against the SAML XSD through a validator the application
// plugs in. This test IdP only reads AuthnRequests built by our own SP (node-saml), so it
// plugs in one that accepts; Guildhall's SP side never uses samlify.
samlify.setSchemaValidator({ validate: () => Promise.resolve("skipped: test IdP") });

const { binding, format } = samlify.Constants.namespace;

export interface SamlAnswerOptions {
  /** The AuthnRequest redirect URL our SP produced (its SAMLRequest and RelayState). */
  redirectUrl: string;
  nameId: string;
  attributes?: Record<string, string>;
  /** Sign the assertion (default) or only the response around it. */
  signAssertion?: boolean;
  /** Minutes from now the assertion stops being valid (default 5; negative: expired). */
  validForMinutes?: number;
  audience?: string;
}

const escapeXml = (value: string) => value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A real SAML 2.0 IdP (samlify) signing with a test key: it reads the SP's AuthnRequest from
 * the redirect URL and answers with a signed Response for the HTTP-POST binding.
 */
export function createTestSamlIdp({
  entityId,
  ssoUrl,
  privateKey,
  certificate,
}: {
  entityId: string;
  ssoUrl: string;
  privateKey: string;
  certificate: string;
}) {
  const idp = samlify.IdentityProvider({
    entityID: entityId,
    privateKey,
    signingCert: certificate,
    singleSignOnService: [{ Binding: binding.redirect, Location: ssoUrl }],
    nameIDFormat: [format.persistent],
    wantAuthnRequestsSigned: false,
  });

  return {
    metadataXml: idp.getMetadata(),

    /** Answers the AuthnRequest in `redirectUrl` for the SP at `sp` (entity id, ACS URL). */
    async answer(
      sp: { entityId: string; acsUrl: string },
      options: SamlAnswerOptions,
    ): Promise<{ samlResponse: string; relayState: string }> {
      const url = new URL(options.redirectUrl);
      const serviceProvider = samlify.ServiceProvider({
        entityID: sp.entityId,
        assertionConsumerService: [{ Binding: binding.post, Location: sp.acsUrl }],
        wantAssertionsSigned: options.signAssertion ?? true,
        wantMessageSigned: !(options.signAssertion ?? true),
      });
      const request = await idp.parseLoginRequest(serviceProvider, "redirect", {
        query: Object.fromEntries(url.searchParams),
      });
      const requestId = String((request.extract as { request?: { id?: string } }).request?.id);
      const now = new Date();
      const until = new Date(now.getTime() + (options.validForMinutes ?? 5) * 60_000);
      const attributes = Object.entries(options.attributes ?? {})
        .map(
          ([name, value]) =>
            `<saml:Attribute Name="${escapeXml(name)}"><saml:AttributeValue>${escapeXml(value)}</saml:AttributeValue></saml:Attribute>`,
        )
        .join("");
      const values: Record<string, string> = {
        ID: `_${randomUUID()}`,
        AssertionID: `_${randomUUID()}`,
        Destination: sp.acsUrl,
        Audience: options.audience ?? sp.entityId,
        SubjectRecipient: sp.acsUrl,
        Issuer: entityId,
        IssueInstant: now.toISOString(),
        StatusCode: "urn:oasis:names:tc:SAML:2.0:status:Success",
        ConditionsNotBefore: new Date(
          Math.min(now.getTime(), until.getTime() - 60_000),
        ).toISOString(),
        ConditionsNotOnOrAfter: until.toISOString(),
        SubjectConfirmationDataNotOnOrAfter: until.toISOString(),
        NameIDFormat: format.persistent,
        NameID: options.nameId,
        InResponseTo: requestId,
      };
      const raw = {
        AuthnStatement: `<saml:AuthnStatement AuthnInstant="${now.toISOString()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
        AttributeStatement: attributes
          ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>`
          : "",
      };
      const requestInfo = { extract: request.extract };
      const response = await idp.createLoginResponse(
        serviceProvider,
        requestInfo,
        "post",
        {},
        {
          relayState: url.searchParams.get("RelayState") ?? "",
          customTagReplacement: (template) => ({
            id: values.ID ?? "",
            context: template.replace(/\{(\w+)\}/g, (_m, key: string) =>
              key in raw ? raw[key as keyof typeof raw] : escapeXml(values[key] ?? ""),
            ),
          }),
        },
      );
      return {
        samlResponse: response.context,
        relayState: url.searchParams.get("RelayState") ?? "",
      };
    },
  };
}

/** A SAML response with `find` replaced in its XML (the signature no longer matches). */
export function tamper(samlResponse: string, find: string, replace: string): string {
  const xml = Buffer.from(samlResponse, "base64").toString("utf8");
  if (!xml.includes(find)) throw new Error(`"${find}" is not in the response`);
  return Buffer.from(xml.split(find).join(replace), "utf8").toString("base64");
}
