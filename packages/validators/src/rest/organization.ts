import { z } from "zod";
import { createOrganizationInput, organization, updateOrganizationInput } from "../organization.ts";
import { text } from "../common.ts";
import { restSearchQuery, restTimestamp } from "./common.ts";

export const restOrganization = organization
  .pick({
    id: true,
    name: true,
    description: true,
    customData: true,
    isMfaRequired: true,
    branding: true,
    color: true,
    customCss: true,
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

/** Logto's featured user: one of the first members, with what a face pile needs. */
export const restFeaturedUser = z
  .object({ id: z.string(), name: z.string().nullable(), avatar: z.string().nullable() })
  .meta({ id: "FeaturedUser" });

/** An entry of `GET /api/organizations`: with `showFeatured`, its member count and first members. */
export const restOrganizationListItem = restOrganization
  .extend({
    usersCount: z
      .number()
      .int()
      .optional()
      .meta({ description: "Number of members. Only with `showFeatured`." }),
    featuredUsers: z.array(restFeaturedUser).optional().meta({
      description: "Up to 3 members, first to join first. Only with `showFeatured`.",
    }),
  })
  .meta({ id: "OrganizationListItem" });
export type RestOrganizationListItem = z.output<typeof restOrganizationListItem>;

export const restCreateOrganizationBody = createOrganizationInput.pick({
  name: true,
  description: true,
  customData: true,
  isMfaRequired: true,
  isSsoOnly: true,
  branding: true,
  color: true,
  customCss: true,
});
export const restUpdateOrganizationBody = updateOrganizationInput.omit({ id: true });

/** Logto's truthy query values (`yes()` of @silverhand/essentials): 1, true, yes, y. */
const restFlag = text()
  .optional()
  .transform((value) => ["1", "true", "yes", "y"].includes(value?.trim().toLowerCase() ?? ""));

export const restListOrganizationsQuery = restSearchQuery.extend({
  showFeatured: restFlag.meta({
    description:
      "`1` (or `true`, `yes`): add `usersCount` and `featuredUsers` (up to 3 members) to each entry.",
  }),
});
