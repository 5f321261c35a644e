/**
 * The organization permissions Guildhall itself understands. The organization template
 * decides which roles hold them; the components show a control only to members who do.
 *
 * @example
 * const { has } = usePermissions();
 * if (has(GUILDHALL_PERMISSIONS.membersInvite)) showInviteButton();
 */
export const GUILDHALL_PERMISSIONS = {
  organizationUpdate: "guildhall:organization:update",
  membersRead: "guildhall:members:read",
  membersInvite: "guildhall:members:invite",
  membersRemove: "guildhall:members:remove",
  membersRoles: "guildhall:members:roles",
  invitationsManage: "guildhall:invitations:manage",
  domainsManage: "guildhall:domains:manage",
  auditRead: "guildhall:audit:read",
} as const;

export type GuildhallPermission =
  (typeof GUILDHALL_PERMISSIONS)[keyof typeof GUILDHALL_PERMISSIONS];
