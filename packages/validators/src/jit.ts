import { z } from "zod";
import { id, paginationInput, paginated, text } from "./common.ts";
import { organizationRoleWithPermissions } from "./organization-role.ts";

// Labels of letters (any script: core stores internationalized names in punycode), digits
// and inner hyphens; at least two labels.
const HOSTNAME =
  /^(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * An email domain as input (`example.com`): lower-cased, a hostname with at least two labels,
 * no `@`, scheme or path. Core canonicalizes it (punycode) and refuses public mail domains
 * (the list is big, so it stays on the server).
 */
export const emailDomain = text()
  .trim()
  .toLowerCase()
  .min(1, "Enter a domain such as example.com")
  .max(253, "A domain is at most 253 characters")
  .regex(HOSTNAME, "Enter a domain such as example.com (no @, no https://)");

const MAX_SET = 100;

export const jitEmailDomain = z.object({
  organizationId: z.string(),
  emailDomain: z.string(),
});
export type JitEmailDomain = z.infer<typeof jitEmailDomain>;
export const jitEmailDomainList = paginated(jitEmailDomain);

export const listJitInput = paginationInput.extend({ organizationId: id });
export type ListJitInput = z.input<typeof listJitInput>;

export const addJitEmailDomainInput = z.object({ organizationId: id, emailDomain });
export type AddJitEmailDomainInput = z.input<typeof addJitEmailDomainInput>;

export const replaceJitEmailDomainsInput = z.object({
  organizationId: id,
  emailDomains: z.array(emailDomain).max(MAX_SET, `At most ${MAX_SET} domains`),
});
export type ReplaceJitEmailDomainsInput = z.input<typeof replaceJitEmailDomainsInput>;

/** Removing: the domain is matched as stored (lower-cased), without the hostname check. */
export const removeJitEmailDomainInput = z.object({
  organizationId: id,
  emailDomain: text().trim().toLowerCase().min(1).max(253),
});
export type RemoveJitEmailDomainInput = z.input<typeof removeJitEmailDomainInput>;

/** An organization's default roles: organization roles of type User. */
export const jitRoleList = paginated(organizationRoleWithPermissions);

export const addJitRolesInput = z.object({
  organizationId: id,
  organizationRoleIds: z.array(id).min(1, "Choose at least one role").max(MAX_SET),
});
export type AddJitRolesInput = z.input<typeof addJitRolesInput>;

export const replaceJitRolesInput = z.object({
  organizationId: id,
  organizationRoleIds: z.array(id).max(MAX_SET),
});
export type ReplaceJitRolesInput = z.input<typeof replaceJitRolesInput>;

export const removeJitRoleInput = z.object({ organizationId: id, organizationRoleId: id });
export type RemoveJitRoleInput = z.input<typeof removeJitRoleInput>;

/** An SSO connector linked to an organization, as JIT lists show it (never its config). */
export const jitSsoConnector = z.object({
  id: z.string(),
  providerName: z.enum(["OIDC", "SAML"]),
  connectorName: z.string(),
  domains: z.array(z.string()),
  createdAt: z.date(),
});
export type JitSsoConnector = z.infer<typeof jitSsoConnector>;
export const jitSsoConnectorList = paginated(jitSsoConnector);

export const addJitSsoConnectorsInput = z.object({
  organizationId: id,
  ssoConnectorIds: z.array(id).min(1, "Choose at least one connector").max(MAX_SET),
});
export type AddJitSsoConnectorsInput = z.input<typeof addJitSsoConnectorsInput>;

export const replaceJitSsoConnectorsInput = z.object({
  organizationId: id,
  ssoConnectorIds: z.array(id).max(MAX_SET),
});
export type ReplaceJitSsoConnectorsInput = z.input<typeof replaceJitSsoConnectorsInput>;

export const removeJitSsoConnectorInput = z.object({ organizationId: id, ssoConnectorId: id });
export type RemoveJitSsoConnectorInput = z.input<typeof removeJitSsoConnectorInput>;
