import {
  acceptInvitationById,
  type DomainError,
  createInvitation,
  deleteInvitation,
  getInvitation,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from "@guildhall/core";
import type { Invitation } from "@guildhall/validators";
import {
  restCreateOrganizationInvitationBody,
  restIdParams,
  restListOrganizationInvitationsQuery,
  restOrganizationInvitation,
  restOrganizationInvitationStatusBody,
  restResendOrganizationInvitationBody,
  type RestOrganizationInvitation,
} from "@guildhall/validators/rest";
import { E, type LogtoErrorSpec } from "../errors.ts";
import { pageOrAll } from "../pagination.ts";
import { emptyRoute, jsonRoute, optionalListRoute } from "../router.ts";

const tag = "Organization invitations";

/** A past `expiresAt` is Logto's 400 `request.invalid_input`; other invalid input stays `guard.invalid_input`. */
function invalidInput(error: DomainError): LogtoErrorSpec {
  const issues = error.data?.issues;
  const onExpiry =
    Array.isArray(issues) &&
    issues.some((i: { path?: unknown[] }) => Array.isArray(i.path) && i.path[0] === "expiresAt");
  return onExpiry ? E.requestInvalid : E.invalidInput;
}

/** An invitation in Logto's shape (also the organization API's). */
export function toRestInvitation(i: Invitation): RestOrganizationInvitation {
  return {
    id: i.id,
    inviterId: i.inviterId,
    invitee: i.invitee,
    acceptedUserId: i.acceptedUserId,
    organizationId: i.organizationId ?? "",
    status: i.status,
    createdAt: i.createdAt.getTime(),
    updatedAt: i.updatedAt.getTime(),
    expiresAt: i.expiresAt.getTime(),
    organizationRoles: i.organizationRoles,
  };
}

// Console-member invitations are not part of the Management API: core's invitation services
// read them as not found for a Management API caller, so these routes never see one.

export const organizationInvitationRoutes = [
  optionalListRoute({
    method: "GET",
    path: "/api/organization-invitations",
    operationId: "ListOrganizationInvitations",
    tag,
    summary: "Get organization invitations",
    description:
      "Newest first, filtered by organization, inviter, invitee and status. A pending invitation past its expiry reads as `Expired`.",
    query: restListOrganizationInvitationsQuery,
    response: restOrganizationInvitation,
    handler: async ({ ctx, query, page }) => {
      const { items, total } = await pageOrAll(page, (p) =>
        listInvitations(ctx, { ...query, ...p }),
      );
      return { items: items.map(toRestInvitation), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/organization-invitations",
    operationId: "CreateOrganizationInvitation",
    tag,
    summary: "Create organization invitation",
    description:
      "Invites an email into an organization with organization roles. The link is emailed only when `messagePayload` is an object (as in Logto); the invitation, its roles and the email are written together. At most 10 emails per invitee per 10 minutes (then 429 `request.message_rate_limited`).",
    status: 201,
    body: restCreateOrganizationInvitationBody,
    response: restOrganizationInvitation,
    errors: [
      E.requestInvalid,
      E.foreignKeyNotFound,
      E.roleTypeMismatch,
      E.uniqueViolation,
      E.requestUnprocessable,
      E.messageRateLimited,
    ],
    overrides: {
      "guard.invalid_input": invalidInput,
      // Logto writes the row and lets the foreign keys answer for an unknown organization or inviter.
      "organization.not_found": E.foreignKeyNotFound,
      "user.not_found": E.foreignKeyNotFound,
      rate_limited: E.messageRateLimited,
    },
    handler: async ({ ctx, body, baseUrl, onEmailQueued, instanceSecret }) => {
      const sendEmail = typeof body.messagePayload === "object";
      const { invitation } = await createInvitation(
        { ...ctx, onEmailQueued, instanceSecret },
        {
          organizationId: body.organizationId,
          invitee: body.invitee,
          inviterId: body.inviterId ?? null,
          expiresAt: body.expiresAt === undefined ? undefined : new Date(body.expiresAt),
          organizationRoleIds: body.organizationRoleIds,
          messagePayload: body.messagePayload || undefined,
          sendEmail,
          baseUrl,
        },
      );
      return toRestInvitation(invitation);
    },
  }),
  jsonRoute({
    method: "GET",
    path: "/api/organization-invitations/{id}",
    operationId: "GetOrganizationInvitation",
    tag,
    summary: "Get organization invitation",
    params: restIdParams,
    response: restOrganizationInvitation,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) =>
      toRestInvitation(await getInvitation(ctx, { id: params.id })),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/organization-invitations/{id}",
    operationId: "DeleteOrganizationInvitation",
    tag,
    summary: "Delete organization invitation",
    description: "Deletes the invitation whatever its status; its link stops working.",
    status: 204,
    params: restIdParams,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) => {
      await deleteInvitation(ctx, { id: params.id });
    },
  }),
  jsonRoute({
    method: "PUT",
    path: "/api/organization-invitations/{id}/status",
    operationId: "ReplaceOrganizationInvitationStatus",
    tag,
    summary: "Update organization invitation status",
    description:
      "`Accepted` (with `acceptedUserId`, a user whose email is the invitee's) makes the user a member with the invitation's roles; `Revoked` withdraws it. Only a pending, unexpired invitation can change: an ended one answers 422 `request.invalid_input` before `acceptedUserId` is looked at.",
    params: restIdParams,
    body: restOrganizationInvitationStatusBody,
    response: restOrganizationInvitation,
    errors: [E.notExistsWithId, E.notFound, E.requestUnprocessable],
    overrides: {
      // A missing acceptedUserId is Logto's 422 request.invalid_input; an unknown one, its 404.
      "guard.invalid_input": E.requestUnprocessable,
      "user.not_found": E.notFound,
    },
    handler: async ({ ctx, params, body }) => {
      if (body.status === "Revoked")
        return toRestInvitation(await revokeInvitation(ctx, { id: params.id }));
      const { invitation } = await acceptInvitationById(ctx, {
        id: params.id,
        acceptedUserId: body.acceptedUserId,
      });
      return toRestInvitation(invitation);
    },
  }),
  emptyRoute({
    method: "POST",
    path: "/api/organization-invitations/{id}/message",
    operationId: "CreateOrganizationInvitationMessage",
    tag,
    summary: "Resend invitation message",
    description:
      "Emails the invitation again with a new link: the previous link stops working (only a hash of each link is stored, so an old link cannot be re-sent). At most 10 emails per invitee per 10 minutes, then 429 `request.message_rate_limited`. Unlike Logto, an ended invitation is not re-sent (422 `request.invalid_input`).",
    status: 204,
    params: restIdParams,
    body: restResendOrganizationInvitationBody,
    errors: [E.notExistsWithId, E.requestUnprocessable, E.messageRateLimited],
    overrides: { rate_limited: E.messageRateLimited },
    handler: async ({ ctx, params, body, baseUrl, onEmailQueued, instanceSecret }) => {
      const messagePayload = Object.keys(body).length > 0 ? body : undefined;
      await resendInvitation(
        { ...ctx, onEmailQueued, instanceSecret },
        { id: params.id, baseUrl, messagePayload },
      );
    },
  }),
];
