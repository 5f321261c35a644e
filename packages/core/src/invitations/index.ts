export * from "./create-invitation.ts";
export * from "./accept-invitation.ts";
export * from "./revoke-invitation.ts";
export * from "./resend-invitation.ts";
export * from "./delete-invitation.ts";
export * from "./decline-invitation.ts";
export * from "./list-invitations.ts";
export * from "./landing.ts";
export * from "./emails.ts";
export * from "./retry-email.ts";
export {
  expireInvitations,
  EXPIRE_INVITATIONS_BATCH,
  type ExpireInvitationsResult,
} from "./expire-invitations.ts";
export { effectiveStatus, type InvitationContext } from "./select.ts";
export { INVITATION_EMAIL_LIMIT, INVITATION_EMAIL_WINDOW_MS } from "./email.ts";
export { hashInvitationToken } from "./token.ts";
