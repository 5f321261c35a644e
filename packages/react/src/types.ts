/** A role, by id and name, as lists of members and invitations carry it. */
export interface RoleRef {
  id: string;
  name: string;
}

/** The organization's look, as the console or its admins set it (Logto's shapes). */
export interface OrganizationBranding {
  logoUrl?: string;
  darkLogoUrl?: string;
  favicon?: string;
  darkFavicon?: string;
}

export interface OrganizationColor {
  primaryColor?: string;
  isDarkModeEnabled?: boolean;
  darkPrimaryColor?: string;
}

/** One of the signed-in user's organizations, with their roles and permissions there. */
export interface MyOrganization {
  id: string;
  name: string;
  description: string | null;
  branding: OrganizationBranding;
  color: OrganizationColor;
  roles: RoleRef[];
  /** The permission names the user's roles give them in this organization. */
  permissions: string[];
}

/** An organization as its members see it (`GET /api/my/organizations/{id}`). */
export interface Organization {
  id: string;
  name: string;
  description: string | null;
  branding: OrganizationBranding;
  color: OrganizationColor;
  customCss: string | null;
  /** Milliseconds since the epoch, when the server says. */
  createdAt: number | null;
}

/** A member of an organization, with their roles there. */
export interface OrganizationMember {
  id: string;
  username: string | null;
  primaryEmail: string | null;
  name: string | null;
  avatar: string | null;
  organizationRoles: RoleRef[];
}

/**
 * A role of the organization template as the caller sees it: `grantable` says whether the
 * caller may give it to someone or take it away (its permissions are all the caller's).
 */
export interface AssignableRole {
  id: string;
  name: string;
  description: string | null;
  permissions: string[];
  grantable: boolean;
}

export type InvitationStatus = "Pending" | "Accepted" | "Expired" | "Revoked";

export interface Invitation {
  id: string;
  /** The invited email address. */
  invitee: string;
  /** `Unknown` for a status this version of the package does not know. */
  status: InvitationStatus | "Unknown";
  organizationRoles: RoleRef[];
  /** Milliseconds since the epoch. */
  expiresAt: number | null;
  createdAt: number | null;
}

/** One page of a list, with the total the server counted (`Total-Number`). */
export interface Paginated<T> {
  items: T[];
  total: number;
}

export interface CreateOrganizationInput {
  name: string;
  description?: string | null;
}

export interface UpdateOrganizationInput {
  name?: string;
  description?: string | null;
  branding?: OrganizationBranding;
  color?: OrganizationColor;
  customCss?: string | null;
}

export interface CreateInvitationInput {
  /** The email address to invite. */
  email: string;
  /** Roles the invitee gets on accepting; only roles the caller may grant. */
  roleIds: string[];
  /** Milliseconds since the epoch; Guildhall's default is 7 days from now. */
  expiresAt?: number;
}

export interface PageQuery {
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface ListMembersQuery extends PageQuery {
  /** Part of an email, username, phone number or name, or an exact user id. */
  q?: string;
}

export interface ListInvitationsQuery extends PageQuery {
  status?: InvitationStatus;
}
