import { z } from "zod";
import { applicationType, createApplicationInput, updateApplicationInput } from "../application.ts";
import { id } from "../common.ts";
import {
  organizationApplicationRolesInput,
  organizationApplicationsInput,
  organizationApplicationsRolesInput,
} from "../organization-application.ts";
import { restRef, restSearchQuery, restTimestamp } from "./common.ts";

/** Logto's `oidcClientMetadata`: where users are sent back after sign-in and sign-out. */
export const restOidcClientMetadata = z.object({
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
});

/** Token lifetimes in seconds (Guildhall's own `customClientMetadata` fields). */
export const restCustomClientMetadata = z.object({
  accessTokenTtl: z.number().int().meta({ description: "Access token lifetime, in seconds." }),
  refreshTokenTtl: z.number().int().meta({ description: "Refresh token lifetime, in seconds." }),
});

/** An application (OIDC client) in Logto's shape. Secrets are never listed. */
export const restApplication = z
  .object({
    id: z.string().meta({ description: "Also the OIDC `client_id`." }),
    name: z.string(),
    description: z.string().nullable(),
    type: applicationType,
    oidcClientMetadata: restOidcClientMetadata,
    customClientMetadata: restCustomClientMetadata,
    isThirdParty: z.boolean(),
    createdAt: restTimestamp,
  })
  .meta({ id: "Application" });
export type RestApplication = z.output<typeof restApplication>;

/** `POST /api/applications` answers with the first secret of a confidential client, once. */
export const restCreatedApplication = restApplication
  .extend({
    secret: z.string().nullable().meta({
      description:
        "The client secret of a Traditional or MachineToMachine application. Shown only in this response; store it now.",
    }),
  })
  .meta({ id: "CreatedApplication" });

export const restListApplicationsQuery = restSearchQuery.extend({
  types: applicationType
    .optional()
    .meta({ description: "Keep applications of this one type (Logto's `types`)." }),
});

const ttls = updateApplicationInput.pick({ accessTokenTtl: true, refreshTokenTtl: true });
const redirects = updateApplicationInput.pick({ redirectUris: true, postLogoutRedirectUris: true });

export const restCreateApplicationBody = createApplicationInput
  .pick({ name: true, description: true, type: true, isThirdParty: true })
  .extend({
    oidcClientMetadata: redirects.optional(),
    customClientMetadata: ttls.optional(),
  });

export const restUpdateApplicationBody = updateApplicationInput
  .pick({ name: true, description: true, isThirdParty: true })
  .extend({
    oidcClientMetadata: redirects.optional(),
    customClientMetadata: ttls.optional(),
  });

export const restApplicationIdParams = z.object({ id });

/** A machine-to-machine member of an organization, as `GET /organizations/{id}/applications` lists it. */
export const restOrganizationApplication = restApplication
  .extend({ organizationRoles: z.array(restRef) })
  .meta({ id: "OrganizationApplication" });
export type RestOrganizationApplication = z.output<typeof restOrganizationApplication>;

export const restAddOrganizationApplicationsBody = z.object({
  applicationIds: organizationApplicationsInput.shape.applicationIds.min(
    1,
    "Give at least one application id",
  ),
});
export const restReplaceOrganizationApplicationsBody = organizationApplicationsInput.pick({
  applicationIds: true,
});

export const restOrganizationApplicationParams = z.object({ id, applicationId: id });
export const restOrganizationApplicationRoleParams = z.object({
  id,
  applicationId: id,
  organizationRoleId: id,
});

export const restAddOrganizationApplicationRolesBody = z.object({
  organizationRoleIds: organizationApplicationRolesInput.shape.organizationRoleIds.min(
    1,
    "Give at least one role id",
  ),
});
/** `POST /organizations/{id}/applications/roles`: every role to every application (Logto's body). */
export const restAssignRolesToApplicationsBody = organizationApplicationsRolesInput.pick({
  applicationIds: true,
  organizationRoleIds: true,
});
export const restReplaceOrganizationApplicationRolesBody = organizationApplicationRolesInput.pick({
  organizationRoleIds: true,
});
