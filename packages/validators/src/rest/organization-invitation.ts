import { z } from "zod";
import { email, id, jsonObject } from "../common.ts";
import { invitationStatus } from "../invitation.ts";
import { restRef, restTimestamp } from "./common.ts";

/** An organization invitation in Logto's shape. `status` is the effective one (past expiry reads Expired). */
export const restOrganizationInvitation = z
  .object({
    id: z.string(),
    inviterId: z.string().nullable(),
    invitee: z.string().meta({ description: "The invitee's email, lower-cased." }),
    acceptedUserId: z.string().nullable(),
    organizationId: z.string(),
    status: invitationStatus,
    createdAt: restTimestamp,
    updatedAt: restTimestamp,
    expiresAt: restTimestamp,
    organizationRoles: z.array(restRef),
  })
  .meta({ id: "OrganizationInvitation" });
export type RestOrganizationInvitation = z.output<typeof restOrganizationInvitation>;

export const restListOrganizationInvitationsQuery = z.object({
  organizationId: id.optional().meta({ description: "Only invitations into this organization." }),
  inviterId: id.optional().meta({ description: "Only invitations sent by this user." }),
  invitee: email.optional().meta({ description: "Only invitations to this email (any case)." }),
  status: invitationStatus
    .optional()
    .meta({ description: "Only invitations with this (effective) status." }),
});

/**
 * Logto's contract: the invitation email is sent only when `messagePayload` is an object;
 * `false` or leaving it out creates the invitation without emailing it.
 */
const messagePayload = z
  .union([z.literal(false), jsonObject])
  .optional()
  .meta({
    description:
      "An object (`{}` is enough): Guildhall sends its invitation email, and keeps the object with the invitation. `false` or absent (Logto's default): no email is sent; share the link another way (resend with `POST /api/organization-invitations/{id}/message`).",
  });

export const restCreateOrganizationInvitationBody = z.object({
  organizationId: id,
  invitee: email,
  inviterId: id
    .nullish()
    .meta({ description: "The user who invites (shown in the email), if any." }),
  expiresAt: restTimestamp
    .optional()
    .meta({ description: "Unix epoch milliseconds, in the future. Default: 7 days from now." }),
  organizationRoleIds: z.array(id).max(100).default([]),
  messagePayload,
});

export const restOrganizationInvitationStatusBody = z.object({
  status: z.enum(["Accepted", "Revoked"]),
  acceptedUserId: id.nullish().meta({
    description:
      "Required with `Accepted`: the user who accepts. Their email must be the invitee's.",
  }),
});

/** `POST .../message`: the body is the message payload itself (as in Logto); `{}` or empty is fine. */
export const restResendOrganizationInvitationBody = jsonObject.meta({
  description: "The message payload, kept with the invitation. May be empty.",
});
