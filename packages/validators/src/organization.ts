import { z } from "zod";
import { description, id, jsonObject, paginationInput, paginated, searchInput } from "./common.ts";

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a hex color like #5b5bd6");
const url = z.url("Enter a full URL, including https://").max(2048);

export const branding = z.object({
  logoUrl: url.optional(),
  darkLogoUrl: url.optional(),
  primaryColor: color.optional(),
  darkPrimaryColor: color.optional(),
});
export type Branding = z.infer<typeof branding>;

export const organizationName = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(128, "Name must be at most 128 characters");

export const organization = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  customData: jsonObject,
  isMfaRequired: z.boolean(),
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
  branding: branding.default({}),
});
export type CreateOrganizationInput = z.input<typeof createOrganizationInput>;

export const updateOrganizationInput = z.object({
  id,
  name: organizationName.optional(),
  description: description.nullish(),
  customData: jsonObject.optional(),
  isMfaRequired: z.boolean().optional(),
  branding: branding.optional(),
});
export type UpdateOrganizationInput = z.input<typeof updateOrganizationInput>;

export const listOrganizationsInput = paginationInput.extend({ q: searchInput });
export type ListOrganizationsInput = z.input<typeof listOrganizationsInput>;
export const organizationList = paginated(organizationWithCounts);
