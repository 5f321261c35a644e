import { z } from "zod";
import { createOrganizationInput, organization, updateOrganizationInput } from "../organization.ts";
import { restSearchQuery, restTimestamp } from "./common.ts";

export const restOrganization = organization
  .pick({
    id: true,
    name: true,
    description: true,
    customData: true,
    isMfaRequired: true,
    branding: true,
  })
  .extend({
    isSsoOnly: organization.shape.isSsoOnly.meta({
      description:
        "Guildhall extension: users of the organization's JIT email domains must sign in through SSO (no password).",
    }),
    createdAt: restTimestamp,
  })
  .meta({ id: "Organization" });
export type RestOrganization = z.output<typeof restOrganization>;

/** An entry of `GET /api/organizations`: with its member count. */
export const restOrganizationListItem = restOrganization
  .extend({ usersCount: z.number().int().meta({ description: "Number of members." }) })
  .meta({ id: "OrganizationListItem" });

export const restCreateOrganizationBody = createOrganizationInput.pick({
  name: true,
  description: true,
  customData: true,
  isMfaRequired: true,
  isSsoOnly: true,
  branding: true,
});
export const restUpdateOrganizationBody = updateOrganizationInput.omit({ id: true });

export const restListOrganizationsQuery = restSearchQuery;
