import type { Prisma } from "@guildhall/db";
import { storedBranding, storedColor, type Organization } from "@guildhall/validators";
import { DomainError } from "../errors.ts";

export const organizationSelect = {
  id: true,
  name: true,
  description: true,
  customData: true,
  isMfaRequired: true,
  isSsoOnly: true,
  branding: true,
  color: true,
  customCss: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.OrganizationSelect;

export type OrganizationRow = Prisma.OrganizationGetPayload<{ select: typeof organizationSelect }>;

function asObject(value: Prisma.JsonValue): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

export function toOrganization(row: OrganizationRow): Organization {
  // Field by field: a stored value today's rules refuse (say, a `javascript:` logo) is dropped.
  return { ...row, customData: asObject(row.customData), ...storedBrandingOf(row) };
}

/** Branding and color as stored, with what today's rules refuse dropped (see `toOrganization`). */
export function storedBrandingOf(row: {
  branding: unknown;
  color: unknown;
}): Pick<Organization, "branding" | "color"> {
  const branding = storedBranding.safeParse(row.branding);
  const color = storedColor.safeParse(row.color);
  return {
    branding: branding.success ? branding.data : {},
    color: color.success ? color.data : {},
  };
}

/** The one `organization.not_found` error: every service that misses an organization throws this. */
export function organizationNotFound(id: string) {
  return new DomainError("organization.not_found", `No organization has id "${id}".`, { id });
}
