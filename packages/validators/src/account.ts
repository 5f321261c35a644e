import { z } from "zod";
import { consoleRole } from "./console-member.ts";
import { invitationKind } from "./invitation.ts";
import { userOrganization } from "./member.ts";
import { branding } from "./organization.ts";

/** One of the signed-in user's own memberships, with the organization's branding for display. */
export const ownOrganization = userOrganization.extend({ branding });
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
  inviter: z.object({ name: z.string().nullable(), email: z.string() }).nullable(),
  expiresAt: z.date(),
});
export type OwnPendingInvitation = z.infer<typeof ownPendingInvitation>;

/** The account page "Your organizations". */
export const ownOrganizations = z.object({
  organizations: z.array(ownOrganization),
  pendingInvitations: z.array(ownPendingInvitation),
});
export type OwnOrganizations = z.infer<typeof ownOrganizations>;
