import type { EventName } from "@guildhall/validators";
import type { AuditEntry } from "../audit/record-audit.ts";

/**
 * Which events an audit entry stands for: the one table from audit actions to event names.
 * Every core mutation already records an audit entry in its transaction, so deriving the
 * events from the entry (in `recordAudit`) gives every mutation its events in the same
 * transaction, and a new mutation cannot forget them. Two kinds of change are written by the
 * database instead: `Organization.Membership.Roles.Updated` (triggers on the member and
 * application role tables, which every path — services, invitations, JIT, imports, cascades —
 * writes through; see the webhooks_events migration).
 */
const EVENTS_BY_ACTION: Record<string, readonly EventName[]> = {
  "user.created": ["User.Created"],
  "user.signed_up": ["User.Created", "PostRegister"],
  "user.signed_in": ["PostSignIn"],
  "user.password_reset": ["PostResetPassword"],
  "user.deleted": ["User.Deleted"],
  "user.updated": ["User.Data.Updated"],
  "user.profile_updated": ["User.Data.Updated"],
  "user.email_changed": ["User.Data.Updated"],
  "user.email_verified": ["User.Data.Updated"],
  "user.password_changed": ["User.Data.Updated"],
  "user.sso_identity_linked": ["User.Data.Updated"],
  "user.suspended": ["User.SuspensionStatus.Updated"],
  "user.unsuspended": ["User.SuspensionStatus.Updated"],

  "role.created": ["Role.Created"],
  "role.deleted": ["Role.Deleted"],
  "role.updated": ["Role.Data.Updated"],
  "role.scopes_assigned": ["Role.Scopes.Updated"],
  "role.scope_removed": ["Role.Scopes.Updated"],

  "api_scope.created": ["Scope.Created"],
  "api_scope.deleted": ["Scope.Deleted"],
  "api_scope.updated": ["Scope.Data.Updated"],

  "organization.created": ["Organization.Created"],
  "organization.deleted": ["Organization.Deleted"],
  "organization.updated": ["Organization.Data.Updated"],

  "member.added": ["Organization.Membership.Updated"],
  "member.removed": ["Organization.Membership.Updated"],
  "member.bulk_removed": ["Organization.Membership.Updated"],
  "member.replaced": ["Organization.Membership.Updated"],
  "member.left": ["Organization.Membership.Updated"],
  "organization.jit_provisioned": ["Organization.Membership.Updated"],
  "organization_application.added": ["Organization.Membership.Updated"],
  "organization_application.removed": ["Organization.Membership.Updated"],
  "organization_application.replaced": ["Organization.Membership.Updated"],

  "organization_role.created": ["OrganizationRole.Created"],
  "organization_role.deleted": ["OrganizationRole.Deleted"],
  "organization_role.updated": ["OrganizationRole.Data.Updated"],
  "organization_role.permissions_added": ["OrganizationRole.Scopes.Updated"],
  "organization_role.permissions_replaced": ["OrganizationRole.Scopes.Updated"],
  "organization_role.permissions_removed": ["OrganizationRole.Scopes.Updated"],
  "organization_role.resource_scopes_added": ["OrganizationRole.Scopes.Updated"],
  "organization_role.resource_scopes_replaced": ["OrganizationRole.Scopes.Updated"],
  "organization_role.resource_scope_removed": ["OrganizationRole.Scopes.Updated"],

  "organization_permission.created": ["OrganizationScope.Created"],
  "organization_permission.deleted": ["OrganizationScope.Deleted"],
  "organization_permission.updated": ["OrganizationScope.Data.Updated"],

  "invitation.created": ["OrganizationInvitation.Created"],
  "invitation.accepted": ["OrganizationInvitation.Accepted", "Organization.Membership.Updated"],
  "invitation.revoked": ["OrganizationInvitation.Revoked"],
  "invitation.expired": ["OrganizationInvitation.Expired"],
};

/** The event names an audit action stands for (none for most console-only actions). */
export function eventNamesForAction(action: string): readonly EventName[] {
  return EVENTS_BY_ACTION[action] ?? [];
}

/** The audit actions that emit events, for the docs and the catalog test. */
export const EVENT_EMITTING_ACTIONS = Object.keys(EVENTS_BY_ACTION);

export interface EventRow {
  event: EventName;
  organizationId: string | null;
  userId: string | null;
  applicationId: string | null;
  data: Record<string, unknown>;
}

/**
 * The event rows for one audit entry. `data` is the entry's data with the target's id
 * (`id`, and `organizationId` for organization-scoped events), so a receiver can fetch the
 * entity from the Management API; invitation events name the organization too.
 */
export function eventsFromAudit(entry: AuditEntry): EventRow[] {
  const names = eventNamesForAction(entry.action);
  if (names.length === 0) return [];
  const organizationId = entry.organizationId ?? null;
  const targetId = entry.targetId ?? null;
  const data: Record<string, unknown> = {
    ...(entry.data ?? {}),
    id: targetId,
    ...(organizationId ? { organizationId } : {}),
  };
  const userId = entry.targetType === "user" || entry.targetType === "member" ? targetId : null;
  const applicationId = entry.targetType === "organization_application" ? targetId : null;
  return names.map((event) => ({ event, organizationId, userId, applicationId, data }));
}
