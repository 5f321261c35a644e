import { z } from "zod";
import { application } from "./application.ts";
import { id, paginationInput, paginated, searchInput } from "./common.ts";

const roleRef = z.object({ id: z.string(), name: z.string() });

/** A machine-to-machine application that is a member of an organization, with its roles there. */
export const organizationApplication = application.extend({
  organizationRoles: z.array(roleRef),
  addedAt: z.date(),
});
export type OrganizationApplication = z.infer<typeof organizationApplication>;

export const listOrganizationApplicationsInput = paginationInput.extend({
  organizationId: id,
  q: searchInput,
});
export type ListOrganizationApplicationsInput = z.input<typeof listOrganizationApplicationsInput>;
export const organizationApplicationList = paginated(organizationApplication);

export const organizationApplicationsInput = z.object({
  organizationId: id,
  applicationIds: z.array(id).max(1000),
});
export type OrganizationApplicationsInput = z.input<typeof organizationApplicationsInput>;

export const organizationApplicationRef = z.object({ organizationId: id, applicationId: id });
export type OrganizationApplicationRef = z.input<typeof organizationApplicationRef>;

export const organizationApplicationRolesInput = organizationApplicationRef.extend({
  organizationRoleIds: z.array(id).max(100),
});
export type OrganizationApplicationRolesInput = z.input<typeof organizationApplicationRolesInput>;

/** Logto's `POST /organizations/{id}/applications/roles`: every listed role to every listed application. */
export const organizationApplicationsRolesInput = z.object({
  organizationId: id,
  applicationIds: z.array(id).min(1, "Pick at least one application").max(1000),
  organizationRoleIds: z.array(id).min(1, "Pick at least one role").max(100),
});
export type OrganizationApplicationsRolesInput = z.input<typeof organizationApplicationsRolesInput>;

export const organizationApplicationRoleRef = organizationApplicationRef.extend({
  organizationRoleId: id,
});
export type OrganizationApplicationRoleRef = z.input<typeof organizationApplicationRoleRef>;

/** A signing key as the console lists it: no key material. */
export const signingKey = z.object({
  kid: z.string(),
  alg: z.string(),
  createdAt: z.date(),
  activatesAt: z.date(),
  retiredAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  isCurrent: z.boolean(),
});
export type SigningKeyInfo = z.infer<typeof signingKey>;
