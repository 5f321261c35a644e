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

/** Logto's hex colors: `#rgb` or `#rrggbb`. */
const hexColor = text().regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, "Use a hex color like #5b5bd6");
// Logos and favicons end up in `src`/`href` attributes, emails and the sign-in page: https
// only (http on localhost).
const imageLink = imageUrl();

/** A key neither Guildhall nor Logto has: refused, never silently dropped. */
function unknownKeys(object: string, hint = "") {
  return (issue: { code?: string; keys?: string[] }) =>
    issue.code === "unrecognized_keys"
      ? `${object} has no ${(issue.keys ?? []).join(", ")}${hint}`
      : undefined;
}

/** Logto's organization branding: logos and favicons, light and dark. */
export const branding = z.strictObject(
  {
    logoUrl: imageLink.optional(),
    darkLogoUrl: imageLink.optional(),
    favicon: imageLink.optional(),
    darkFavicon: imageLink.optional(),
  },
  { error: unknownKeys("branding", " (colors are set in `color`)") },
);
export type Branding = z.infer<typeof branding>;

/** Logto's organization color: the brand color, light and dark, and whether dark mode is on. */
export const organizationColor = z.strictObject(
  {
    primaryColor: hexColor.optional(),
    isDarkModeEnabled: z.boolean().optional(),
    darkPrimaryColor: hexColor.optional(),
  },
  { error: unknownKeys("color") },
);
export type OrganizationColor = z.infer<typeof organizationColor>;

/**
 * Longest custom CSS accepted (characters). It is sent inline with every sign-in and
 * invitation page of the organization.
 */
export const CUSTOM_CSS_MAX_LENGTH = 32_768;

/**
 * Logto's per-organization custom CSS, applied on the organization's invitation and sign-in
 * pages. `null` removes it. Core also checks that it parses as CSS.
 */
export const customCss = text()
  .max(CUSTOM_CSS_MAX_LENGTH, `Custom CSS must be at most ${CUSTOM_CSS_MAX_LENGTH} characters`)
  .nullable();

/**
 * Branding as read back from the database: a field the rules above refuse (a row written
 * before they were this strict, e.g. a `javascript:` logo) is dropped, the rest kept, so
 * such a value is never served again.
 */
export const storedBranding = z.object({
  logoUrl: imageLink.optional().catch(undefined),
  darkLogoUrl: imageLink.optional().catch(undefined),
  favicon: imageLink.optional().catch(undefined),
  darkFavicon: imageLink.optional().catch(undefined),
});

/** The color object as read back from the database (see `storedBranding`). */
export const storedColor = z.object({
  primaryColor: hexColor.optional().catch(undefined),
  isDarkModeEnabled: z.boolean().optional().catch(undefined),
  darkPrimaryColor: hexColor.optional().catch(undefined),
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
  color: organizationColor,
  customCss: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Organization = z.infer<typeof organization>;

export const organizationWithCounts = organization.extend({ memberCount: z.number().int() });

/** A member shown on an organization's list entry (Logto's featured users). */
export const featuredMember = z.object({
  id: z.string(),
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
});
export type FeaturedMember = z.infer<typeof featuredMember>;
export type OrganizationWithCounts = z.infer<typeof organizationWithCounts>;

export const createOrganizationInput = z.object({
  name: organizationName,
  description: description.nullish(),
  customData: jsonObject.default({}),
  isMfaRequired: z.boolean().default(false),
  isSsoOnly: z.boolean().default(false),
  branding: branding.default({}),
  color: organizationColor.default({}),
  customCss: customCss.optional(),
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
  color: organizationColor.optional(),
  customCss: customCss.optional(),
});
export type UpdateOrganizationInput = z.input<typeof updateOrganizationInput>;

export const listOrganizationsInput = paginationInput.extend({ q: searchInput });
export type ListOrganizationsInput = z.input<typeof listOrganizationsInput>;
export const organizationList = paginated(organizationWithCounts);
