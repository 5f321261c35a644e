import { z } from "zod";
import { id } from "../common.ts";
import { invitationStatus } from "../invitation.ts";
import {
  assignableRole,
  createMyOrganizationInput,
  MEMBERSHIP_REQUEST_STATUSES,
  myOrganization,
  organizationSuggestion,
} from "../organization-access.ts";
import { updateOrganizationInput } from "../organization.ts";
import { restTimestamp } from "./common.ts";
import { restOrganization } from "./organization.ts";
import { restCreateOrganizationInvitationBody } from "./organization-invitation.ts";

/** The organization API's path parameters. */
export const restMyOrganizationParams = z.object({ organizationId: id });
export const restMyMemberParams = z.object({ organizationId: id, userId: id });
export const restMyInvitationParams = z.object({ organizationId: id, invitationId: id });
export const restMyRequestParams = z.object({ organizationId: id, requestId: id });

/** An organization as its members see it: no custom data, MFA or SSO settings (the vendor's). */
export const restMyOrganizationProfile = restOrganization
  .pick({
    id: true,
    name: true,
    description: true,
    branding: true,
    color: true,
    customCss: true,
    createdAt: true,
  })
  .meta({ id: "MyOrganizationProfile" });
export type RestMyOrganizationProfile = z.output<typeof restMyOrganizationProfile>;

export const restUpdateMyOrganizationBody = updateOrganizationInput
  .pick({ name: true, description: true, branding: true, color: true, customCss: true })
  .strict();

export const restMyOrganization = myOrganization.meta({ id: "MyOrganization" });
export const restCreateMyOrganizationBody = createMyOrganizationInput;
export const restAssignableRole = assignableRole.meta({ id: "AssignableOrganizationRole" });
export const restOrganizationSuggestion = organizationSuggestion.meta({
  id: "OrganizationSuggestion",
});

export const restMyMemberRolesBody = z
  .object({ organizationRoleIds: z.array(id).max(100, "At most 100 roles.") })
  .strict();

/** Members invite in their own name, and the link is always emailed. */
export const restCreateMyInvitationBody = restCreateOrganizationInvitationBody
  .pick({ invitee: true, expiresAt: true, organizationRoleIds: true })
  .strict();

export const restListMyInvitationsQuery = z.object({ status: invitationStatus.optional() });

export const restMembershipRequest = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    user: z.object({
      id: z.string(),
      primaryEmail: z.string().nullable(),
      name: z.string().nullable(),
      avatar: z.string().nullable(),
    }),
    status: z.enum(MEMBERSHIP_REQUEST_STATUSES),
    createdAt: restTimestamp,
    decidedAt: restTimestamp.nullable(),
  })
  .meta({ id: "MembershipRequest" });
export type RestMembershipRequest = z.output<typeof restMembershipRequest>;

export const restListMembershipRequestsQuery = z.object({
  status: z.enum(MEMBERSHIP_REQUEST_STATUSES).optional(),
});
export const restApproveMembershipRequestBody = z
  .object({ organizationRoleIds: z.array(id).max(100, "At most 100 roles.").default([]) })
  .strict();
export const restCreateMembershipRequestBody = z.object({ organizationId: id }).strict();
