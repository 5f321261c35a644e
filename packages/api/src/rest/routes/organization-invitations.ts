import {
  acceptInvitationById,
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
import { E, RestError, type LogtoErrorSpec } from "../errors.ts";
import { emptyRoute, jsonRoute, listRoute } from "../router.ts";

const tag = "Organization invitations";

/** Guildhall's own codes where Logto has none (the domain code, as the common table passes it through). */
const I = {
  alreadyMember: { status: 422, code: "invitation.already_member" },
  alreadyEnded: { status: 422, code: "invitation.already_ended" },
  expired: { status: 422, code: "invitation.expired" },
  emailMismatch: { status: 422, code: "invitation.email_mismatch" },
} as const satisfies Record<string, LogtoErrorSpec>;

function toRest(i: Invitation): RestOrganizationInvitation {
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
  listRoute({
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
      const { items, total } = await listInvitations(ctx, { ...query, ...page });
      return { items: items.map(toRest), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/organization-invitations",
    operationId: "CreateOrganizationInvitation",
    tag,
    summary: "Create organization invitation",
    description:
      "Invites an email into an organization with organization roles, and emails the link (`messagePayload: false` skips the email). The invitation, its roles and the email are written together. At most 10 emails per invitee per 10 minutes.",
    status: 201,
    body: restCreateOrganizationInvitationBody,
    response: restOrganizationInvitation,
    errors: [
      E.notExistsWithId,
      E.foreignKeyNotFound,
      E.roleTypeMismatch,
      E.uniqueViolation,
      I.alreadyMember,
      E.rateLimited,
    ],
    handler: async ({ ctx, body, baseUrl, onEmailQueued, instanceSecret }) => {
      const { invitation } = await createInvitation(
        { ...ctx, onEmailQueued, instanceSecret },
        {
          organizationId: body.organizationId,
          invitee: body.invitee,
          inviterId: body.inviterId ?? null,
          expiresAt: body.expiresAt === undefined ? undefined : new Date(body.expiresAt),
          organizationRoleIds: body.organizationRoleIds,
          messagePayload: body.messagePayload === false ? undefined : body.messagePayload,
          sendEmail: body.messagePayload !== false,
          baseUrl,
        },
      );
      return toRest(invitation);
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
    handler: async ({ ctx, params }) => toRest(await getInvitation(ctx, { id: params.id })),
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
      "`Accepted` (with `acceptedUserId`, a user whose email is the invitee's) makes the user a member with the invitation's roles; `Revoked` withdraws it. Only a pending, unexpired invitation can change.",
    params: restIdParams,
    body: restOrganizationInvitationStatusBody,
    response: restOrganizationInvitation,
    errors: [E.notExistsWithId, I.alreadyEnded, I.expired, I.emailMismatch],
    overrides: {
      "invitation.email_mismatch": I.emailMismatch,
      "user.not_found": E.foreignKeyNotFound,
    },
    handler: async ({ ctx, params, body }) => {
      if (body.status === "Revoked") return toRest(await revokeInvitation(ctx, { id: params.id }));
      if (!body.acceptedUserId) {
        // An unknown invitation is a 404 before the missing field is a 400.
        await getInvitation(ctx, { id: params.id });
        throw new RestError(
          E.invalidInput,
          "acceptedUserId is required when the status is Accepted.",
          {
            details: 'Error in key path "acceptedUserId": Required when status is Accepted',
          },
        );
      }
      const { invitation } = await acceptInvitationById(ctx, {
        id: params.id,
        acceptedUserId: body.acceptedUserId,
      });
      return toRest(invitation);
    },
  }),
  emptyRoute({
    method: "POST",
    path: "/api/organization-invitations/{id}/message",
    operationId: "CreateOrganizationInvitationMessage",
    tag,
    summary: "Resend invitation message",
    description:
      "Emails the invitation again with a new link: the previous link stops working (only a hash of each link is stored, so an old link cannot be re-sent). At most 10 emails per invitee per 10 minutes, then 429.",
    status: 204,
    params: restIdParams,
    body: restResendOrganizationInvitationBody,
    errors: [E.notExistsWithId, I.alreadyEnded, I.expired, E.rateLimited],
    handler: async ({ ctx, params, body, baseUrl, onEmailQueued, instanceSecret }) => {
      const messagePayload = Object.keys(body).length > 0 ? body : undefined;
      await resendInvitation(
        { ...ctx, onEmailQueued, instanceSecret },
        { id: params.id, baseUrl, messagePayload },
      );
    },
  }),
];
