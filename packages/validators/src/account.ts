import { z } from "zod";
import { email, id, imageUrl, text } from "./common.ts";
import { consoleRole } from "./console-member.ts";
import { invitationKind } from "./invitation.ts";
import { userOrganization } from "./member.ts";
import { branding, organizationColor } from "./organization.ts";

/** One of the signed-in user's own memberships, with the organization's branding for display. */
export const ownOrganization = userOrganization.extend({ branding, color: organizationColor });
export type OwnOrganization = z.infer<typeof ownOrganization>;

/**
 * A pending invitation addressed to the signed-in user's verified email. No link: only the
 * token's hash is kept, so the email holds the only copy.
 */
export const ownPendingInvitation = z.object({
  id: z.string(),
  kind: invitationKind,
  organization: z.object({ id: z.string(), name: z.string() }).nullable(),
  consoleRole: consoleRole.nullable(),
  organizationRoles: z.array(z.string()),
  inviter: z.object({ name: z.string().nullable(), email: z.string().nullable() }).nullable(),
  expiresAt: z.date(),
});
export type OwnPendingInvitation = z.infer<typeof ownPendingInvitation>;

/** The account page "Your organizations". */
export const ownOrganizations = z.object({
  organizations: z.array(ownOrganization),
  pendingInvitations: z.array(ownPendingInvitation),
});
export type OwnOrganizations = z.infer<typeof ownOrganizations>;

// --- End users' own account flows (sign-up, verification, reset, account page) ---

/**
 * A password a user chooses. Only the bounds of the field here: the instance's password
 * policy (length, strength) is checked by core's `checkPasswordPolicy`, which says why a
 * password is refused.
 */
export const newPassword = text()
  .min(1, "Enter a password")
  .max(256, "Password must be at most 256 characters");

/** A 6-digit code from an email; spaces (as some clients copy them) are ignored. */
export const oneTimeCode = text()
  .transform((s) => s.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from the email"));

/** The secret from an emailed link (verification, password reset): 32 bytes, base64url. */
export const emailLinkToken = text()
  .trim()
  .min(1, "The link is incomplete")
  .max(128, "The link is not valid");

const profileName = text()
  .trim()
  .min(1, "Name is required")
  .max(128, "Name must be at most 128 characters");

export const signUpInput = z.object({ email, password: newPassword, name: profileName.optional() });
export type SignUpInput = z.input<typeof signUpInput>;
export const signUpResult = z.object({ challengeToken: z.string() });
export type SignUpResult = z.infer<typeof signUpResult>;

/** Another code for the sign-up page: the page's challenge and the address it shows. */
export const resendSignUpCodeInput = z.object({
  challengeToken: z.string().min(1).max(128),
  email,
});
export type ResendSignUpCodeInput = z.input<typeof resendSignUpCodeInput>;

export const verifyEmailCodeInput = z.object({ email, code: oneTimeCode });
export type VerifyEmailCodeInput = z.input<typeof verifyEmailCodeInput>;
export const verifyEmailLinkInput = z.object({ token: emailLinkToken });
export type VerifyEmailLinkInput = z.input<typeof verifyEmailLinkInput>;
export const sendEmailVerificationInput = z.object({ userId: id });
export type SendEmailVerificationInput = z.input<typeof sendEmailVerificationInput>;

export const requestPasswordResetInput = z.object({ email });
export type RequestPasswordResetInput = z.input<typeof requestPasswordResetInput>;
export const sendPasswordResetInput = z.object({ userId: id });
export type SendPasswordResetInput = z.input<typeof sendPasswordResetInput>;
export const resetPasswordInput = z.object({ token: emailLinkToken, password: newPassword });
export type ResetPasswordInput = z.input<typeof resetPasswordInput>;

export const changeOwnPasswordInput = z.object({
  currentPassword: text().min(1, "Enter your current password").max(256),
  newPassword,
});
export type ChangeOwnPasswordInput = z.input<typeof changeOwnPasswordInput>;

export const requestEmailChangeInput = z.object({ newEmail: email });
export type RequestEmailChangeInput = z.input<typeof requestEmailChangeInput>;
export const confirmEmailChangeInput = z.object({ code: oneTimeCode });
export type ConfirmEmailChangeInput = z.input<typeof confirmEmailChangeInput>;

/** Omitted fields are kept; null clears. */
export const updateOwnProfileInput = z.object({
  name: profileName.nullish(),
  avatarUrl: imageUrl().nullish(),
});
export type UpdateOwnProfileInput = z.input<typeof updateOwnProfileInput>;

/** One of the user's console sessions, for "active sessions" on the account page. */
export const ownSession = z.object({
  id: z.string(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type OwnSession = z.infer<typeof ownSession>;
export const endOwnSessionInput = z.object({ sessionId: id });
export type EndOwnSessionInput = z.input<typeof endOwnSessionInput>;

export const leaveOrganizationInput = z.object({ organizationId: id });
export type LeaveOrganizationInput = z.input<typeof leaveOrganizationInput>;

/** A live strength meter's reading (zxcvbn): score 0-4 and what to do about it. */
export const passwordStrengthResult = z.object({
  score: z.number().int().min(0).max(4),
  warning: z.string().nullable(),
  suggestions: z.array(z.string()),
});
export type PasswordStrengthResult = z.infer<typeof passwordStrengthResult>;

/** The account page's view of the signed-in user's own account. */
export const ownAccount = z.object({
  id: z.string(),
  /** Null for a user created with only a username or phone number. */
  email: z.string().nullable(),
  username: z.string().nullable(),
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  emailVerified: z.boolean(),
  /** False for accounts created without one (by invitation or in the console). */
  hasPassword: z.boolean(),
});
export type OwnAccount = z.infer<typeof ownAccount>;
