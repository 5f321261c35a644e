import { EVENT_NAMES, LOGTO_EVENTS, type WebhookEventCatalog } from "@guildhall/validators";

const DESCRIPTIONS: Record<(typeof EVENT_NAMES)[number], string> = {
  PostRegister: "A user signed up.",
  PostSignIn: "A user signed in.",
  PostResetPassword: "A user reset their password.",
  "User.Created": "A user was created.",
  "User.Deleted": "A user was deleted.",
  "User.Data.Updated": "A user's profile, email or password changed.",
  "User.SuspensionStatus.Updated": "A user was suspended or unsuspended.",
  "Role.Created": "A global role was created.",
  "Role.Deleted": "A global role was deleted.",
  "Role.Data.Updated": "A global role was renamed or described.",
  "Role.Scopes.Updated": "A global role's API permissions changed.",
  "Scope.Created": "An API permission was created.",
  "Scope.Deleted": "An API permission was deleted.",
  "Scope.Data.Updated": "An API permission changed.",
  "Organization.Created": "An organization was created.",
  "Organization.Deleted": "An organization was deleted.",
  "Organization.Data.Updated": "An organization's name, description or data changed.",
  "Organization.Membership.Updated": "Members or applications joined or left an organization.",
  "OrganizationRole.Created": "An organization role was created.",
  "OrganizationRole.Deleted": "An organization role was deleted.",
  "OrganizationRole.Data.Updated": "An organization role was renamed or described.",
  "OrganizationRole.Scopes.Updated": "An organization role's permissions changed.",
  "OrganizationScope.Created": "An organization permission was created.",
  "OrganizationScope.Deleted": "An organization permission was deleted.",
  "OrganizationScope.Data.Updated": "An organization permission changed.",
  "Organization.Membership.Roles.Updated":
    "A member's or application's roles in an organization changed (before and after).",
  "OrganizationInvitation.Created": "An invitation into an organization was sent.",
  "OrganizationInvitation.Accepted": "An invitation was accepted.",
  "OrganizationInvitation.Revoked": "An invitation was revoked.",
  "OrganizationInvitation.Expired": "An invitation expired.",
};

const logto = new Set<string>(LOGTO_EVENTS);

/** Every event a webhook can subscribe to, in catalog order, for the console's picker. */
export function listWebhookEvents(): WebhookEventCatalog {
  return EVENT_NAMES.map((name) => ({
    name,
    logto: logto.has(name),
    description: DESCRIPTIONS[name],
  }));
}
