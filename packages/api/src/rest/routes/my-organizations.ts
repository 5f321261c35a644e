import {
  createInvitation,
  createMyOrganization,
  decideMembershipRequest,
  getOrganization,
  leaveOrganization,
  listAssignableRoles,
  listInvitations,
  listJitEmailDomains,
  listMembers,
  listMembershipRequests,
  listMyOrganizations,
  listOrganizationAuditLogs,
  listOrganizationSuggestions,
  removeMember,
  replaceJitEmailDomains,
  replaceMemberRoles,
  requestMembership,
  resendInvitation,
  revokeInvitation,
  updateOrganization,
} from "@guildhall/core";
import type { MembershipRequest, Organization } from "@guildhall/validators";
import {
  restApproveMembershipRequestBody,
  restAssignableRole,
  restAuditLog,
  restCreateMembershipRequestBody,
  restCreateMyInvitationBody,
  restCreateMyOrganizationBody,
  restJitEmailDomain,
  restListMembershipRequestsQuery,
  restListMyInvitationsQuery,
  restListOrganizationAuditLogsQuery,
  restListOrganizationUsersQuery,
  restMembershipRequest,
  restMyInvitationParams,
  restMyMemberParams,
  restMyMemberRolesBody,
  restMyOrganization,
  restMyOrganizationParams,
  restMyOrganizationProfile,
  restMyRequestParams,
  restOrganizationInvitation,
  restOrganizationSuggestion,
  restOrganizationUser,
  restReplaceJitEmailDomainsBody,
  restUpdateMyOrganizationBody,
  type RestMembershipRequest,
  type RestMyOrganizationProfile,
} from "@guildhall/validators/rest";
import { E } from "../errors.ts";
import { toRestOrganizationUser } from "../mappers.ts";
import { pageOrAll } from "../pagination.ts";
import {
  cursorListRoute,
  emptyRoute,
  jsonRoute,
  listRoute,
  optionalListRoute,
  pageOf,
} from "../router.ts";
import { filtersOf, toRestPage } from "./audit-logs.ts";
import { toRestInvitation } from "./organization-invitations.ts";

const tag = "Organization API";
const BASE = "/api/my/organizations/{organizationId}";

/** Each route's permission, said once in its description (the route table of docs/organization-self-service.md). */
const needs = (permission: string | null) =>
  permission
    ? ` Needs an organization token for \`{organizationId}\` whose \`scope\` and the member's roles hold \`${permission}\`.`
    : " Needs an organization token for `{organizationId}` (any member).";
const byAccessToken =
  " Needs the user's access token (OIDC, with the `urn:guildhall:scope:organizations` scope).";

const toProfile = (o: Organization): RestMyOrganizationProfile => ({
  id: o.id,
  name: o.name,
  description: o.description,
  branding: o.branding,
  color: o.color,
  customCss: o.customCss,
  createdAt: o.createdAt.getTime(),
});

const toRestRequest = (r: MembershipRequest): RestMembershipRequest => ({
  id: r.id,
  organizationId: r.organizationId,
  user: {
    id: r.user.id,
    primaryEmail: r.user.email,
    name: r.user.name,
    avatar: r.user.avatarUrl,
  },
  status: r.status,
  createdAt: r.createdAt.getTime(),
  decidedAt: r.decidedAt?.getTime() ?? null,
});

// A member of the organization reads a stranger's ids as "not in this organization".
const memberOverrides = { "member.not_found": E.notFound } as const;

const organizationRoutes = [
  jsonRoute({
    method: "GET",
    path: BASE,
    operationId: "GetMyOrganization",
    tag,
    auth: "organization",
    summary: "Get the organization",
    description: `Its name, description and branding.${needs(null)}`,
    params: restMyOrganizationParams,
    response: restMyOrganizationProfile,
    handler: async ({ ctx, params }) =>
      toProfile(await getOrganization(ctx, { id: params.organizationId })),
  }),
  jsonRoute({
    method: "PATCH",
    path: BASE,
    operationId: "UpdateMyOrganization",
    tag,
    auth: "organization",
    summary: "Update the organization",
    description: `Name, description, branding, color and custom CSS; the fields given are replaced.${needs("guildhall:organization:update")}`,
    params: restMyOrganizationParams,
    body: restUpdateMyOrganizationBody,
    response: restMyOrganizationProfile,
    handler: async ({ ctx, params, body }) =>
      toProfile(await updateOrganization(ctx, { id: params.organizationId, ...body })),
  }),
  emptyRoute({
    method: "DELETE",
    path: `${BASE}/membership`,
    operationId: "LeaveMyOrganization",
    tag,
    auth: "organization",
    summary: "Leave the organization",
    description: `The caller stops being a member. Refused (409 \`organization.last_admin\`) for the last member holding \`guildhall:members:roles\` while others remain.${needs(null)}`,
    status: 204,
    params: restMyOrganizationParams,
    errors: [E.lastRoleManager, E.requireMembership],
    handler: ({ ctx, params }) => leaveOrganization(ctx, { organizationId: params.organizationId }),
  }),
  optionalListRoute({
    method: "GET",
    path: `${BASE}/roles`,
    operationId: "ListMyOrganizationRoles",
    tag,
    auth: "organization",
    summary: "Get the roles members can hold",
    description: `The template's roles for users with their permissions; \`grantable\` says whether the caller may give or take it away (its permissions are all the caller's).${needs(null)}`,
    params: restMyOrganizationParams,
    response: restAssignableRole,
    handler: async ({ ctx, params, page }) =>
      pageOf(await listAssignableRoles(ctx, { organizationId: params.organizationId }), page),
  }),
  listRoute({
    method: "GET",
    path: `${BASE}/users`,
    operationId: "ListMyOrganizationUsers",
    tag,
    auth: "organization",
    summary: "Get the organization's members",
    description: `Members in the order they joined, with their roles; \`q\` searches email, username, phone, name or id.${needs("guildhall:members:read")}`,
    params: restMyOrganizationParams,
    query: restListOrganizationUsersQuery,
    response: restOrganizationUser,
    handler: async ({ ctx, params, query, page }) => {
      const { items, total, nextCursor } = await listMembers(ctx, {
        organizationId: params.organizationId,
        ...query,
        ...page,
      });
      return { items: items.map(toRestOrganizationUser), total, nextCursor };
    },
  }),
  emptyRoute({
    method: "PUT",
    path: `${BASE}/users/{userId}/roles`,
    operationId: "ReplaceMyOrganizationUserRoles",
    tag,
    auth: "organization",
    summary: "Replace a member's roles",
    description: `Makes the member's roles exactly these. Only roles whose permissions the caller holds may be given or taken away (403 \`member.role_not_grantable\`), and the organization keeps a member holding \`guildhall:members:roles\` (409 \`organization.last_admin\`).${needs("guildhall:members:roles")}`,
    status: 204,
    params: restMyMemberParams,
    body: restMyMemberRolesBody,
    errors: [E.notFound, E.foreignKeyNotFound, E.roleNotGrantable, E.lastRoleManager],
    overrides: memberOverrides,
    handler: ({ ctx, params, body }) =>
      replaceMemberRoles(ctx, {
        organizationId: params.organizationId,
        userId: params.userId,
        organizationRoleIds: body.organizationRoleIds,
      }),
  }),
  emptyRoute({
    method: "DELETE",
    path: `${BASE}/users/{userId}`,
    operationId: "RemoveMyOrganizationUser",
    tag,
    auth: "organization",
    summary: "Remove a member",
    description: `Only members holding nothing the caller does not hold (403 \`member.role_not_grantable\`).${needs("guildhall:members:remove")}`,
    status: 204,
    params: restMyMemberParams,
    errors: [E.notFound, E.roleNotGrantable, E.lastRoleManager],
    overrides: memberOverrides,
    handler: ({ ctx, params }) =>
      removeMember(ctx, { organizationId: params.organizationId, userId: params.userId }),
  }),
  optionalListRoute({
    method: "GET",
    path: `${BASE}/invitations`,
    operationId: "ListMyOrganizationInvitations",
    tag,
    auth: "organization",
    summary: "Get the organization's invitations",
    description: `Newest first; \`status\` filters.${needs("guildhall:invitations:manage")}`,
    params: restMyOrganizationParams,
    query: restListMyInvitationsQuery,
    response: restOrganizationInvitation,
    handler: async ({ ctx, params, query, page }) => {
      const { items, total } = await pageOrAll(page, (p) =>
        listInvitations(ctx, { organizationId: params.organizationId, ...query, ...p }),
      );
      return { items: items.map(toRestInvitation), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: `${BASE}/invitations`,
    operationId: "CreateMyOrganizationInvitation",
    tag,
    auth: "organization",
    summary: "Invite someone",
    description: `Emails an invitation link in the caller's name. Its roles follow the no-escalation rule (403 \`member.role_not_grantable\`).${needs("guildhall:members:invite")}`,
    status: 201,
    params: restMyOrganizationParams,
    body: restCreateMyInvitationBody,
    response: restOrganizationInvitation,
    errors: [
      E.foreignKeyNotFound,
      E.uniqueViolation,
      E.requestUnprocessable,
      E.messageRateLimited,
      E.roleNotGrantable,
    ],
    overrides: { rate_limited: E.messageRateLimited },
    handler: async ({ ctx, params, body, baseUrl, onEmailQueued, instanceSecret }) => {
      const { invitation } = await createInvitation(
        { ...ctx, onEmailQueued, instanceSecret },
        {
          organizationId: params.organizationId,
          invitee: body.invitee,
          expiresAt: body.expiresAt === undefined ? undefined : new Date(body.expiresAt),
          organizationRoleIds: body.organizationRoleIds,
          sendEmail: true,
          baseUrl,
        },
      );
      return toRestInvitation(invitation);
    },
  }),
  jsonRoute({
    method: "POST",
    path: `${BASE}/invitations/{invitationId}/resend`,
    operationId: "ResendMyOrganizationInvitation",
    tag,
    auth: "organization",
    summary: "Resend an invitation",
    description: `Emails a new link (the old one stops working).${needs("guildhall:members:invite")}`,
    params: restMyInvitationParams,
    response: restOrganizationInvitation,
    errors: [E.notExistsWithId, E.requestUnprocessable, E.messageRateLimited],
    overrides: { rate_limited: E.messageRateLimited },
    handler: async ({ ctx, params, baseUrl, onEmailQueued, instanceSecret }) => {
      const { invitation } = await resendInvitation(
        { ...ctx, onEmailQueued, instanceSecret },
        { id: params.invitationId, baseUrl },
      );
      return toRestInvitation(invitation);
    },
  }),
  jsonRoute({
    method: "POST",
    path: `${BASE}/invitations/{invitationId}/revoke`,
    operationId: "RevokeMyOrganizationInvitation",
    tag,
    auth: "organization",
    summary: "Revoke an invitation",
    description: `Its link stops working at once.${needs("guildhall:invitations:manage")}`,
    params: restMyInvitationParams,
    response: restOrganizationInvitation,
    errors: [E.notExistsWithId, E.requestUnprocessable],
    handler: async ({ ctx, params }) =>
      toRestInvitation(await revokeInvitation(ctx, { id: params.invitationId })),
  }),
  listRoute({
    method: "GET",
    path: `${BASE}/membership-requests`,
    operationId: "ListMyOrganizationMembershipRequests",
    tag,
    auth: "organization",
    summary: "Get membership requests",
    description: `Users whose verified email domain is one of the organization's, asking to join; oldest first.${needs("guildhall:members:invite")}`,
    params: restMyOrganizationParams,
    query: restListMembershipRequestsQuery,
    response: restMembershipRequest,
    handler: async ({ ctx, params, query, page }) => {
      const { items, total } = await listMembershipRequests(ctx, {
        organizationId: params.organizationId,
        ...query,
        ...page,
      });
      return { items: items.map(toRestRequest), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: `${BASE}/membership-requests/{requestId}/approve`,
    operationId: "ApproveMyOrganizationMembershipRequest",
    tag,
    auth: "organization",
    summary: "Approve a membership request",
    description: `The user becomes a member with these roles (only roles the caller may grant).${needs("guildhall:members:invite")}`,
    params: restMyRequestParams,
    body: restApproveMembershipRequestBody,
    response: restMembershipRequest,
    errors: [E.notFound, E.foreignKeyNotFound, E.roleNotGrantable, E.membershipRequestDecided],
    handler: async ({ ctx, params, body }) =>
      toRestRequest(
        await decideMembershipRequest(ctx, {
          organizationId: params.organizationId,
          requestId: params.requestId,
          decision: "approve",
          organizationRoleIds: body.organizationRoleIds,
        }),
      ),
  }),
  jsonRoute({
    method: "POST",
    path: `${BASE}/membership-requests/{requestId}/decline`,
    operationId: "DeclineMyOrganizationMembershipRequest",
    tag,
    auth: "organization",
    summary: "Decline a membership request",
    description: `The user is not asked again.${needs("guildhall:members:invite")}`,
    params: restMyRequestParams,
    response: restMembershipRequest,
    errors: [E.notFound, E.membershipRequestDecided],
    handler: async ({ ctx, params }) =>
      toRestRequest(
        await decideMembershipRequest(ctx, {
          organizationId: params.organizationId,
          requestId: params.requestId,
          decision: "decline",
        }),
      ),
  }),
  optionalListRoute({
    method: "GET",
    path: `${BASE}/jit/email-domains`,
    operationId: "ListMyOrganizationJitEmailDomains",
    tag,
    auth: "organization",
    summary: "Get the organization's email domains",
    description: `New users with a verified address at one of them join automatically.${needs("guildhall:domains:manage")}`,
    params: restMyOrganizationParams,
    response: restJitEmailDomain,
    handler: ({ ctx, params, page }) =>
      pageOrAll(page, (p) =>
        listJitEmailDomains(ctx, { organizationId: params.organizationId, ...p }),
      ),
  }),
  emptyRoute({
    method: "PUT",
    path: `${BASE}/jit/email-domains`,
    operationId: "ReplaceMyOrganizationJitEmailDomains",
    tag,
    auth: "organization",
    summary: "Replace the organization's email domains",
    description: `A member may add only the domain of their own verified email; domains the organization has may stay.${needs("guildhall:domains:manage")}`,
    status: 204,
    params: restMyOrganizationParams,
    body: restReplaceJitEmailDomainsBody,
    handler: ({ ctx, params, body }) =>
      replaceJitEmailDomains(ctx, {
        organizationId: params.organizationId,
        emailDomains: body.emailDomains,
      }),
  }),
  cursorListRoute({
    method: "GET",
    path: `${BASE}/audit-logs`,
    operationId: "ListMyOrganizationAuditLogs",
    tag,
    auth: "organization",
    summary: "Get the organization's audit log",
    description: `Who changed what in the organization, newest first, by cursor.${needs("guildhall:audit:read")}`,
    params: restMyOrganizationParams,
    query: restListOrganizationAuditLogsQuery,
    response: restAuditLog,
    handler: async ({ ctx, params, query, page }) =>
      toRestPage(
        await listOrganizationAuditLogs(ctx, {
          ...filtersOf(query, page),
          organizationId: params.organizationId,
        }),
      ),
  }),
];

const userRoutes = [
  optionalListRoute({
    method: "GET",
    path: "/api/my/organizations",
    operationId: "ListMyOrganizations",
    tag,
    auth: "user",
    summary: "Get my organizations",
    description: `The caller's organizations with their roles and permissions in each (an organization switcher).${byAccessToken}`,
    response: restMyOrganization,
    handler: async ({ ctx, page }) => pageOf(await listMyOrganizations(ctx), page),
  }),
  jsonRoute({
    method: "POST",
    path: "/api/my/organizations",
    operationId: "CreateMyOrganization",
    tag,
    auth: "user",
    summary: "Create an organization",
    description: `The caller becomes its first member with the creator role. Allowed by the console's setting (403 \`organization.creation_not_allowed\`) up to a per-user limit (422 \`organization.creation_limit_reached\`).${byAccessToken}`,
    status: 201,
    body: restCreateMyOrganizationBody,
    response: restMyOrganizationProfile,
    errors: [E.creationNotAllowed, E.creationLimitReached, E.suspended],
    handler: async ({ ctx, body }) => toProfile(await createMyOrganization(ctx, body)),
  }),
  optionalListRoute({
    method: "GET",
    path: "/api/my/organization-suggestions",
    operationId: "ListMyOrganizationSuggestions",
    tag,
    auth: "user",
    summary: "Get organizations I could ask to join",
    description: `Organizations whose email domains include the caller's verified email domain, that the caller is not a member of, with the caller's request if any.${byAccessToken}`,
    response: restOrganizationSuggestion,
    handler: async ({ ctx, page }) => pageOf(await listOrganizationSuggestions(ctx), page),
  }),
  jsonRoute({
    method: "POST",
    path: "/api/my/membership-requests",
    operationId: "CreateMyMembershipRequest",
    tag,
    auth: "user",
    summary: "Ask to join an organization",
    description: `One of the suggested organizations (403 \`membership_request.not_eligible\` otherwise); asking again while pending returns the same request.${byAccessToken}`,
    status: 201,
    body: restCreateMembershipRequestBody,
    response: restMembershipRequest,
    errors: [E.membershipRequestNotEligible, E.membershipRequestDecided],
    handler: async ({ ctx, body }) => toRestRequest(await requestMembership(ctx, body)),
  }),
];

export const myOrganizationRoutes = [...userRoutes, ...organizationRoutes];
