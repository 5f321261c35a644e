export * from "./create-invitation.ts";
export * from "./accept-invitation.ts";
export * from "./change-invitation.ts";
export * from "./list-invitations.ts";
export * from "./landing.ts";
export * from "./emails.ts";
export { effectiveStatus, type InvitationContext } from "./select.ts";
export { INVITATION_EMAIL_LIMIT, INVITATION_EMAIL_WINDOW_MS } from "./email.ts";
export { hashInvitationToken } from "./token.ts";
