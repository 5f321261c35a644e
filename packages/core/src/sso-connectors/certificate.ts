import { X509Certificate } from "node:crypto";
import { DomainError } from "../errors.ts";

/** A signing certificate the IdP's assertions must verify against. */
export interface SigningCertificate {
  /** PEM, as SAML libraries take it. */
  pem: string;
  subject: string;
  validTo: string;
  fingerprint256: string;
}

// Base64 text as it appears in metadata or a pasted certificate body (line breaks allowed).
const BASE64_BODY = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

/**
 * Reads an X.509 certificate given as PEM or as the base64 body of its DER form (what SAML
 * metadata carries) with node:crypto, so only a certificate that really parses is stored.
 * `where` names the field in the error.
 * @throws sso_connector.invalid_config
 */
export function readCertificate(value: string, where: string): SigningCertificate {
  const trimmed = value.trim();
  let certificate: X509Certificate | null = null;
  try {
    if (trimmed.startsWith("-----BEGIN CERTIFICATE-----"))
      certificate = new X509Certificate(trimmed);
    else if (BASE64_BODY.test(trimmed))
      certificate = new X509Certificate(Buffer.from(trimmed.replace(/\s+/g, ""), "base64"));
  } catch {
    certificate = null;
  }
  if (!certificate)
    throw new DomainError(
      "sso_connector.invalid_config",
      `${where} is not a valid X.509 certificate: paste the IdP's signing certificate as PEM (-----BEGIN CERTIFICATE-----) or as its base64 body.`,
      { field: where },
    );
  return {
    pem: certificate.toString(),
    subject: certificate.subject,
    validTo: certificate.validTo,
    fingerprint256: certificate.fingerprint256,
  };
}
