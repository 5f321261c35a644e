import { z } from "zod";
import { id, text } from "../common.ts";
import { emailDomain, jitSsoConnector } from "../jit.ts";
import { restTimestamp } from "./common.ts";

/** Path parameters of the JIT routes. */
export const restJitEmailDomainParams = z.object({
  id,
  emailDomain: text()
    .trim()
    .min(1)
    .max(253)
    .meta({ description: "The email domain, e.g. `example.com`." }),
});
export const restJitRoleParams = z.object({ id, organizationRoleId: id });
export const restJitSsoConnectorParams = z.object({ id, ssoConnectorId: id });

/** Logto's `OrganizationJitEmailDomain`. */
export const restJitEmailDomain = z
  .object({ organizationId: z.string(), emailDomain: z.string() })
  .meta({ id: "OrganizationJitEmailDomain" });
export type RestJitEmailDomain = z.output<typeof restJitEmailDomain>;

export const restAddJitEmailDomainBody = z.object({
  emailDomain: emailDomain.meta({
    description:
      "A domain such as `example.com` (lower-cased). Public mail domains (gmail.com, outlook.com, ...) are refused.",
  }),
});
export const restReplaceJitEmailDomainsBody = z.object({
  emailDomains: z.array(emailDomain).max(100),
});

export const restJitRolesBody = z.object({
  organizationRoleIds: z.array(id).max(100).meta({
    description: "Organization roles of type User.",
  }),
});
export const restAddJitRolesBody = z.object({
  organizationRoleIds: restJitRolesBody.shape.organizationRoleIds.min(1),
});

export const restJitSsoConnectorsBody = z.object({ ssoConnectorIds: z.array(id).max(100) });
export const restAddJitSsoConnectorsBody = z.object({
  ssoConnectorIds: restJitSsoConnectorsBody.shape.ssoConnectorIds.min(1),
});

/** A linked SSO connector: its identity and domains, never its config. */
export const restJitSsoConnector = jitSsoConnector
  .extend({ createdAt: restTimestamp })
  .meta({ id: "OrganizationJitSsoConnector" });
export type RestJitSsoConnector = z.output<typeof restJitSsoConnector>;
