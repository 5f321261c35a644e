import { z } from "zod";
import { email, id, jsonObject, paginationInput, paginated, text, url } from "./common.ts";
import { consoleRole } from "./console-member.ts";

export const invitationStatus = z.enum(["Pending", "Accepted", "Declined", "Expired", "Revoked"]);
export type InvitationStatus = z.infer<typeof invitationStatus>;

/** Where an invitation leads: into one organization, or into the console itself. */
export const invitationKind = z.enum(["organization", "console"]);
export type InvitationKind = z.infer<typeof invitationKind>;

const ref = z.object({ id: z.string(), name: z.string() });

/**
 * An invitation as the console and the APIs see it. `status` is the effective status: a
 * Pending row past `expiresAt` reads as Expired. Never the token or its hash.
 */
export const invitation = z.object({
  id: z.string(),
  kind: invitationKind,
  organizationId: z.string().nullable(),
  organization: ref.nullable(),
  consoleRole: consoleRole.nullable(),
  inviterId: z.string().nullable(),
  inviter: z
    .object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() })
    .nullable(),
  invitee: z.string(),
  organizationRoles: z.array(ref),
  status: invitationStatus,
  expiresAt: z.date(),
  acceptedUserId: z.string().nullable(),
  messagePayload: jsonObject.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Invitation = z.infer<typeof invitation>;

/** What creating or resending answers: the invitation and its link (shown once; only a hash is kept). */
export const invitationWithLink = z.object({ invitation, link: z.url() });
export type InvitationWithLink = z.infer<typeof invitationWithLink>;

export const DEFAULT_INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const invitationTarget = {
  /** The organization to join; leave out (with `consoleRole`) for a console invitation. */
  organizationId: id.optional(),
  consoleRole: consoleRole.optional(),
  organizationRoleIds: z.array(id).max(100).default([]),
  /** Default: 7 days from now. Must be in the future. */
  expiresAt: z.coerce.date().optional(),
};
/** The public origin the link starts with, e.g. `https://id.example.com` (the server's, never the client's). */
const baseUrl = url();

function oneTarget(
  value: {
    organizationId?: string | undefined;
    consoleRole?: string | undefined;
    organizationRoleIds: string[];
  },
  ctx: z.RefinementCtx,
) {
  if (Boolean(value.organizationId) === Boolean(value.consoleRole)) {
    ctx.addIssue({
      code: "custom",
      path: ["organizationId"],
      message: "Give either an organization or a console role",
    });
  } else if (value.consoleRole && value.organizationRoleIds.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["organizationRoleIds"],
      message: "A console invitation has no organization roles",
    });
  }
}

export const createInvitationInput = z
  .object({
    ...invitationTarget,
    baseUrl,
    invitee: email,
    /** Defaults to the console user who invites; null for API-created invitations. */
    inviterId: id.nullish(),
    messagePayload: jsonObject.optional(),
    /** False: create the invitation without emailing it (share the link another way). */
    sendEmail: z.boolean().default(true),
  })
  .superRefine(oneTarget);
export type CreateInvitationInput = z.input<typeof createInvitationInput>;

const inviteeList = z
  .array(email)
  .min(1, "Enter at least one email")
  .max(50, "At most 50 emails at once");

/** The console's invite form (and its tRPC input): several emails at once, the same roles and expiry. */
export const inviteForm = z
  .object({ ...invitationTarget, invitees: inviteeList })
  .superRefine(oneTarget);
export type InviteForm = z.input<typeof inviteForm>;

export const createInvitationsInput = z
  .object({ ...invitationTarget, invitees: inviteeList, baseUrl })
  .superRefine(oneTarget);
export type CreateInvitationsInput = z.input<typeof createInvitationsInput>;

export const createInvitationsResult = z.array(
  z.object({
    invitee: z.string(),
    result: invitationWithLink.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
);
export type CreateInvitationsResult = z.infer<typeof createInvitationsResult>;

export const listInvitationsInput = paginationInput.extend({
  organizationId: id.optional(),
  kind: invitationKind.optional(),
  inviterId: id.optional(),
  invitee: email.optional(),
  status: invitationStatus.optional(),
});
export type ListInvitationsInput = z.input<typeof listInvitationsInput>;
export const invitationList = paginated(invitation);

export const invitationRef = z.object({ id });
export type InvitationRef = z.input<typeof invitationRef>;

export const resendInvitationInput = z.object({
  id,
  baseUrl,
  messagePayload: jsonObject.optional(),
});
export type ResendInvitationInput = z.input<typeof resendInvitationInput>;

/** The link token, as it appears in `/invite/<token>`. */
export const invitationToken = text()
  .trim()
  .min(16, "Invalid link")
  .max(128, "Invalid link")
  .regex(/^[A-Za-z0-9_-]+$/, "Invalid link");
export const invitationTokenInput = z.object({ token: invitationToken });
export type InvitationTokenInput = z.input<typeof invitationTokenInput>;

/** Accepting on someone's behalf (Management API `PUT .../status`). */
/** `acceptedUserId` is required; it is optional here so that the invitation's state is checked first, as in Logto. */
export const acceptInvitationByIdInput = z.object({ id, acceptedUserId: id.nullish() });
export type AcceptInvitationByIdInput = z.input<typeof acceptInvitationByIdInput>;

/** Sign up through the link: the email is the invitee's, and counts as verified. */
export const signUpWithInvitationInput = z.object({
  token: invitationToken,
  name: text().trim().min(1, "Name is required").max(128, "Name must be at most 128 characters"),
  password: text()
    .min(8, "Password must be at least 8 characters")
    .max(256, "Password must be at most 256 characters"),
});
export type SignUpWithInvitationInput = z.input<typeof signUpWithInvitationInput>;

/**
 * What the landing page may show for a token. Only a pending invitation reveals its
 * details; an ended one says how it ended, an unknown token says nothing.
 */
export const invitationLanding = z.discriminatedUnion("state", [
  z.object({
    state: z.literal("pending"),
    id: z.string(),
    kind: invitationKind,
    invitee: z.string(),
    organization: z
      .object({
        id: z.string(),
        name: z.string(),
        logoUrl: z.string().nullable(),
        darkLogoUrl: z.string().nullable(),
        favicon: z.string().nullable(),
        darkFavicon: z.string().nullable(),
        primaryColor: z.string().nullable(),
        darkPrimaryColor: z.string().nullable(),
        /** false: light only; null: as the system prefers. */
        isDarkModeEnabled: z.boolean().nullable(),
        /** The organization's custom CSS as stored: render it through core's `cssForStyleElement`. */
        customCss: z.string().nullable(),
      })
      .nullable(),
    consoleRole: consoleRole.nullable(),
    inviter: z.object({ name: z.string().nullable(), email: z.string().nullable() }).nullable(),
    organizationRoles: z.array(z.string()),
    expiresAt: z.date(),
    /** Whether an account with the invitee's email exists (sign in, or sign up). */
    inviteeHasAccount: z.boolean(),
    /**
     * What the person looking can do, decided by core's invitee rule: answer (signed in as
     * the invitee), switch account (signed in as someone else), sign in (signed out, the
     * invitee has an account) or sign up (signed out, no account yet).
     */
    viewer: z.enum(["invitee", "other_account", "sign_in", "sign_up"]),
  }),
  z.object({ state: z.enum(["expired", "revoked", "accepted", "declined"]) }),
  z.object({ state: z.literal("not_found") }),
]);
export type InvitationLanding = z.infer<typeof invitationLanding>;

/** What accepting answers: where the user now belongs. */
export const acceptedInvitation = z.object({
  invitation,
  organization: ref.nullable(),
  organizationRoles: z.array(ref),
  consoleRole: consoleRole.nullable(),
});
export type AcceptedInvitation = z.infer<typeof acceptedInvitation>;

/** The console's Emails page. */
/** An outbox email's status, in lifecycle order: the one list (email's outbox and the console's filter use it). */
export const deliveryStatus = z.enum(["Pending", "Sending", "Sent", "Failed"]);
export const listEmailsInput = paginationInput.extend({
  q: text().trim().max(200).optional(),
  status: deliveryStatus.optional(),
});
export type ListEmailsInput = z.input<typeof listEmailsInput>;
export const outboxEmailSummary = z.object({
  id: z.string(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  status: deliveryStatus,
  attempts: z.number().int(),
  /** Start of the 24-hour retry window: when queued, or retried from the console. */
  queuedAt: z.date(),
  nextAttemptAt: z.date(),
  lastError: z.string().nullable(),
  sentAt: z.date().nullable(),
  createdAt: z.date(),
  invitationId: z.string().nullable(),
  /** True when the bodies shown are a copy with the email's links replaced by "…". */
  redacted: z.boolean(),
});
export type OutboxEmailSummary = z.infer<typeof outboxEmailSummary>;
/** One email for the console: never the sealed body, only the readable (redacted) copy. */
export const outboxEmail = outboxEmailSummary.extend({ html: z.string(), text: z.string() });
export type OutboxEmail = z.infer<typeof outboxEmail>;
export const outboxEmailList = paginated(outboxEmailSummary);
/** `email.get` and `email.retry`: one outbox row. */
export const emailRef = z.object({ id });
export type EmailRef = z.input<typeof emailRef>;
