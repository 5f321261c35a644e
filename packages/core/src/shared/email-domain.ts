import freeEmailDomains from "free-email-domains";
import { DomainError, type DomainErrorCode } from "../errors.ts";

/**
 * Email domains as JIT provisioning and SSO home-realm discovery store and compare them: one
 * rule for both, so a domain an organization accepts is spelled the way a connector's is.
 */

const PUBLIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set(freeEmailDomains);

// A DNS label: letters, digits and inner hyphens (IDNs arrive here already in punycode).
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * The canonical form of an email domain: trimmed, lower-cased, without a leading `@`,
 * internationalized names in punycode (`bücher.example` -> `xn--bcher-kva.example`).
 * Throws `guard.invalid_input` for anything that is not a domain with at least two labels.
 *
 * @example
 * normalizeEmailDomain(" @Example.COM ") // "example.com"
 */
export function normalizeEmailDomain(value: string): string {
  const raw = value.trim().replace(/^@/, "").toLowerCase();
  let hostname = "";
  try {
    // The WHATWG parser applies IDNA (UTS #46), so the stored form is the one DNS uses.
    if (raw !== "" && !/[/?#@:\\\s[\]]/.test(raw)) hostname = new URL(`http://${raw}`).hostname;
  } catch {
    hostname = "";
  }
  const labels = hostname.split(".");
  const valid =
    hostname.length > 0 &&
    hostname.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    // The top-level label is never all digits, which also rules out IPv4 addresses.
    !/^\d+$/.test(labels[labels.length - 1] ?? "");
  if (!valid)
    throw new DomainError(
      "guard.invalid_input",
      `"${value.slice(0, 100)}" is not an email domain: enter a domain such as example.com.`,
      { emailDomain: value.slice(0, 100) },
    );
  return hostname;
}

/** Whether a (normalized) domain belongs to a public mail provider such as gmail.com. */
export function isPublicEmailDomain(domain: string): boolean {
  return PUBLIC_EMAIL_DOMAINS.has(domain);
}

/**
 * Refuses a public mail domain: anyone can get an address at gmail.com, so such a domain can
 * neither provision organization members nor route sign-ins to a company's identity provider.
 * The error code is the caller's (`jit.email_domain_public` for JIT, `sso_connector.invalid_config`
 * for connectors), so each API keeps its own error vocabulary.
 */
export function assertNotPublicEmailDomain(
  domain: string,
  code: Extract<
    DomainErrorCode,
    "jit.email_domain_public" | "sso_connector.invalid_config"
  > = "jit.email_domain_public",
): void {
  if (isPublicEmailDomain(domain))
    throw new DomainError(
      code,
      `${domain} is a public email domain: anyone can have an address there. Use your organization's own domain.`,
      { emailDomain: domain },
    );
}

/** The domain part of an email address, normalized (`Alice@Example.com` -> `example.com`). */
export function emailDomainOf(email: string): string {
  const at = email.lastIndexOf("@");
  return normalizeEmailDomain(at === -1 ? "" : email.slice(at + 1));
}
