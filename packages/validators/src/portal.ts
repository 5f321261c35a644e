import { z } from "zod";
import { email, id, paginated } from "./common.ts";
import { listInvitationsInput } from "./invitation.ts";
import { member, memberRolesInput } from "./member.ts";
import { organization, updateOrganizationInput } from "./organization.ts";
import { membershipRequest } from "./organization-access.ts";

/**
 * The hosted organization portal (`/portal/organizations/<id>`): what one member of an
 * organization sees and changes there. Narrower than the console's shapes on purpose:
 * a member never reads the vendor's fields (custom data) or other members' private ones.
 */

/** The organization as its members see it. */
export const portalOrganization = organization.pick({
  id: true,
  name: true,
  description: true,
  branding: true,
  color: true,
  isMfaRequired: true,
  isSsoOnly: true,
  createdAt: true,
  updatedAt: true,
});
export type PortalOrganization = z.infer<typeof portalOrganization>;

export const portalOrganizationWithCounts = portalOrganization.extend({
  memberCount: z.number().int(),
});

/** What a member holding `guildhall:organization:update` may change (core checks too). */
export const portalUpdateOrganizationInput = updateOrganizationInput
  .pick({ id: true, name: true, description: true, branding: true, color: true, customCss: true })
  .strict();
export type PortalUpdateOrganizationInput = z.input<typeof portalUpdateOrganizationInput>;

/** A member as other members see them: who they are and their roles, nothing private. */
export const portalMember = member.pick({
  id: true,
  email: true,
  username: true,
  name: true,
  avatarUrl: true,
  isSuspended: true,
  organizationRoles: true,
  joinedAt: true,
});
export type PortalMember = z.infer<typeof portalMember>;
export const portalMemberList = paginated(portalMember);

/** A member's new roles, by id (the portal's role picker). */
export const portalMemberRolesInput = memberRolesInput
  .pick({ organizationId: true, userId: true, organizationRoleIds: true })
  .strict();
export type PortalMemberRolesInput = z.input<typeof portalMemberRolesInput>;

/** One invitation from the portal: the organization is the member's own, the inviter is them. */
export const portalInviteInput = z
  .object({
    organizationId: id,
    invitee: email,
    organizationRoleIds: z.array(id).max(100, "At most 100 roles.").default([]),
    /** Default: 7 days from now. Must be in the future. */
    expiresAt: z.coerce.date().optional(),
  })
  .strict();
export type PortalInviteInput = z.input<typeof portalInviteInput>;

export const portalMembershipRequestList = paginated(membershipRequest);

/** The organization's invitations (`guildhall:invitations:manage`); never console ones. */
export const portalListInvitationsInput = listInvitationsInput
  .pick({ page: true, pageSize: true, status: true, invitee: true })
  .extend({ organizationId: id })
  .strict();
export type PortalListInvitationsInput = z.input<typeof portalListInvitationsInput>;
