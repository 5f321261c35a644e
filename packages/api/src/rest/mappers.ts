// Domain objects (as services return them) in the Management API's Logto shape.
import type {
  EffectivePermission,
  Member,
  Organization,
  OrganizationPermission,
  OrganizationRole,
  OrganizationRoleWithPermissions,
  OrganizationWithCounts,
  User,
  UserOrganization,
} from "@guildhall/validators";
import type {
  RestOrganization,
  RestOrganizationRole,
  RestOrganizationRoleWithScopes,
  RestOrganizationScope,
  RestOrganizationUser,
  RestUser,
} from "@guildhall/validators/rest";

const ms = (date: Date) => date.getTime();

export function toRestOrganization(o: Organization): RestOrganization {
  return {
    id: o.id,
    name: o.name,
    description: o.description,
    customData: o.customData,
    isMfaRequired: o.isMfaRequired,
    branding: o.branding,
    createdAt: ms(o.createdAt),
  };
}

export function toRestOrganizationListItem(
  o: OrganizationWithCounts,
): RestOrganization & { usersCount: number } {
  return { ...toRestOrganization(o), usersCount: o.memberCount };
}

export function toRestScope(
  p: Pick<OrganizationPermission, "id" | "name" | "description"> | EffectivePermission,
): RestOrganizationScope {
  return { id: p.id, name: p.name, description: p.description };
}

export function toRestRole(
  r: OrganizationRole | OrganizationRoleWithPermissions,
): RestOrganizationRole {
  return { id: r.id, name: r.name, description: r.description, type: r.type };
}

export function toRestRoleWithScopes(
  r: OrganizationRoleWithPermissions,
): RestOrganizationRoleWithScopes {
  return {
    ...toRestRole(r),
    scopes: r.permissions.map(({ id, name }) => ({ id, name })),
    resourceScopes: [],
  };
}

export function toRestUser(u: User): RestUser {
  return {
    id: u.id,
    username: null,
    primaryEmail: u.email,
    primaryPhone: null,
    name: u.name,
    avatar: u.avatarUrl,
    customData: u.customData,
    profile: {},
    identities: {},
    applicationId: null,
    isSuspended: u.isSuspended,
    lastSignInAt: u.lastSignInAt ? ms(u.lastSignInAt) : null,
    createdAt: ms(u.createdAt),
    updatedAt: ms(u.updatedAt),
  };
}

export function toRestOrganizationUser(m: Member): RestOrganizationUser {
  return { ...toRestUser(m), organizationRoles: m.organizationRoles };
}

export function toRestUserOrganization(o: UserOrganization) {
  return {
    id: o.id,
    name: o.name,
    description: o.description,
    organizationRoles: o.organizationRoles,
  };
}
