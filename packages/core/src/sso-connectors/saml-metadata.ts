import { parseDomFromString, xpath } from "@node-saml/node-saml/lib/xml.js";
import { DomainError } from "../errors.ts";
import { readCertificate, type SigningCertificate } from "./certificate.ts";

/** What a SAML connector needs from the IdP, from its metadata or typed in. */
export interface SamlIdp {
  entityId: string;
  ssoUrl: string;
  /** The binding the AuthnRequest is sent with (the IdP's metadata says which it accepts). */
  ssoBinding: "redirect" | "post";
  /** Certificates assertions may be signed with (metadata may list a next one for rollover). */
  certificates: SigningCertificate[];
}

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const BINDINGS = {
  redirect: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
  post: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
} as const;

const el = (name: string, ns: string) => `*[local-name(.)='${name}' and namespace-uri(.)='${ns}']`;

function invalid(message: string, missing?: string): DomainError {
  return new DomainError("sso_connector.invalid_config", message, {
    field: "idpMetadataXml",
    ...(missing ? { missing } : {}),
  });
}

/**
 * Reads an IdP's SAML metadata (an EntityDescriptor, or an EntitiesDescriptor holding one
 * IdP) with node-saml's own XML parser and XPath helpers: entity ID, SSO URL (HTTP-Redirect
 * preferred, else HTTP-POST) and signing certificates. A document with a DOCTYPE is refused:
 * metadata never needs one, and entity declarations are how XML parsers are attacked.
 * @throws sso_connector.invalid_config naming what is malformed or missing
 */
export async function readIdpMetadata(xml: string): Promise<SamlIdp> {
  let document: Document;
  try {
    document = await parseDomFromString(xml);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "";
    throw invalid(`The IdP metadata is not well-formed XML${reason ? `: ${reason}` : "."}`);
  }
  if (document.doctype) throw invalid("The IdP metadata must not contain a DOCTYPE declaration.");

  const [entity] = xpath.selectElements(
    document,
    `//${el("EntityDescriptor", MD)}[${el("IDPSSODescriptor", MD)}]`,
  );
  if (!entity)
    throw invalid(
      "The metadata has no EntityDescriptor with an IDPSSODescriptor: download the identity provider's (not a service provider's) SAML 2.0 metadata.",
      "IDPSSODescriptor",
    );
  const entityId = entity.getAttribute("entityID")?.trim();
  if (!entityId) throw invalid("The IdP metadata's EntityDescriptor has no entityID.", "entityID");

  const [idp] = xpath.selectElements(entity, `./${el("IDPSSODescriptor", MD)}`);
  const services = idp ? xpath.selectElements(idp, `./${el("SingleSignOnService", MD)}`) : [];
  const service = (binding: string) =>
    services
      .find((s) => s.getAttribute("Binding") === binding)
      ?.getAttribute("Location")
      ?.trim();
  const redirectUrl = service(BINDINGS.redirect);
  const postUrl = service(BINDINGS.post);
  const ssoUrl = redirectUrl ?? postUrl;
  if (!ssoUrl)
    throw invalid(
      "The IdP metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding.",
      "SingleSignOnService",
    );

  // A KeyDescriptor without `use` serves both signing and encryption.
  const certificateTexts = idp
    ? xpath
        .selectElements(idp, `./${el("KeyDescriptor", MD)}[not(@use) or @use='signing']`)
        .flatMap((key) =>
          xpath.selectElements(key, `.//${el("X509Data", DS)}/${el("X509Certificate", DS)}`),
        )
        .map((node) => node.textContent.trim())
        .filter((value) => value !== "")
    : [];
  if (certificateTexts.length === 0)
    throw invalid(
      "The IdP metadata has no signing certificate (IDPSSODescriptor > KeyDescriptor > KeyInfo > X509Data > X509Certificate): Guildhall only accepts signed assertions.",
      "X509Certificate",
    );
  const certificates = certificateTexts.map((value, index) =>
    readCertificate(value, `idpMetadataXml (certificate ${index + 1})`),
  );
  return {
    entityId,
    ssoUrl,
    ssoBinding: redirectUrl ? "redirect" : "post",
    certificates,
  };
}
