import { z } from "zod";
import {
  description,
  id,
  imageUrl,
  jsonObject,
  paginationInput,
  paginated,
  searchInput,
  text,
} from "./common.ts";

const color = text().regex(/^#[0-9a-fA-F]{6}$/, "Use a hex color like #5b5bd6");
// Logos end up in `src` attributes, emails and the sign-in page: https only (http on localhost).
const logoUrl = imageUrl();

export const branding = z.object({
  logoUrl: logoUrl.optional(),
  darkLogoUrl: logoUrl.optional(),
  primaryColor: color.optional(),
  darkPrimaryColor: color.optional(),
});
export type Branding = z.infer<typeof branding>;

/**
 * Branding as read back from the database: a field the rules above refuse (a row written
 * before they were this strict, e.g. a `javascript:` logo) is dropped, the rest kept, so
 * such a value is never served again.
 */
export const storedBranding = z.object({
  logoUrl: logoUrl.optional().catch(undefined),
  darkLogoUrl: logoUrl.optional().catch(undefined),
  primaryColor: color.optional().catch(undefined),
  darkPrimaryColor: color.optional().catch(undefined),
});

export const organizationName = text()
  .trim()
  .min(1, "Name is required")
  .max(128, "Name must be at most 128 characters");

export const organization = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  customData: jsonObject,
  isMfaRequired: z.boolean(),
  /** Users of the organization's JIT email domains must sign in through SSO. */
  isSsoOnly: z.boolean(),
  branding,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Organization = z.infer<typeof organization>;

export const organizationWithCounts = organization.extend({ memberCount: z.number().int() });
export type OrganizationWithCounts = z.infer<typeof organizationWithCounts>;

export const createOrganizationInput = z.object({
  name: organizationName,
  description: description.nullish(),
  customData: jsonObject.default({}),
  isMfaRequired: z.boolean().default(false),
  isSsoOnly: z.boolean().default(false),
  branding: branding.default({}),
});
export type CreateOrganizationInput = z.input<typeof createOrganizationInput>;

export const updateOrganizationInput = z.object({
  id,
  name: organizationName.optional(),
  description: description.nullish(),
  customData: jsonObject.optional(),
  isMfaRequired: z.boolean().optional(),
  isSsoOnly: z.boolean().optional(),
  branding: branding.optional(),
});
export type UpdateOrganizationInput = z.input<typeof updateOrganizationInput>;

export const listOrganizationsInput = paginationInput.extend({ q: searchInput });
export type ListOrganizationsInput = z.input<typeof listOrganizationsInput>;
export const organizationList = paginated(organizationWithCounts);
