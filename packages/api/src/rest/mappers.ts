// Domain objects (as services return them) in the Management API's Logto shape.
import type {
  EffectivePermission,
  FeaturedMember,
  Member,
  MfaFactor,
  MfaFactorType,
  Organization,
  OrganizationPermission,
  OrganizationRole,
  OrganizationRoleWithPermissions,
  OrganizationWithCounts,
  SignInExperience,
  UpdateSignInExperienceInput,
  User,
  UserOrganization,
} from "@guildhall/validators";
import {
  REST_MFA_FACTOR_TYPES,
  REST_PASSWORD_MAX_LENGTH,
  type RestMfaVerification,
  type RestOrganization,
  type RestOrganizationListItem,
  type RestOrganizationRole,
  type RestOrganizationRoleWithScopes,
  type RestOrganizationScope,
  type RestOrganizationUser,
  type RestSignInExperience,
  type RestUpdateSignInExperienceBody,
  type RestUser,
} from "@guildhall/validators/rest";

const ms = (date: Date) => date.getTime();

export function toRestOrganization(o: Organization): RestOrganization {
  return {
    id: o.id,
    name: o.name,
    description: o.description,
    customData: o.customData,
    isMfaRequired: o.isMfaRequired,
    isSsoOnly: o.isSsoOnly,
    branding: o.branding,
    color: o.color,
    customCss: o.customCss,
    createdAt: ms(o.createdAt),
  };
}

/** A list entry; with `featured` (Logto's `showFeatured`), its member count and first members. */
export function toRestOrganizationListItem(
  o: OrganizationWithCounts,
  featured?: FeaturedMember[],
): RestOrganizationListItem {
  if (!featured) return toRestOrganization(o);
  return {
    ...toRestOrganization(o),
    usersCount: o.memberCount,
    featuredUsers: featured.map((u) => ({ id: u.id, name: u.name, avatar: u.avatarUrl })),
  };
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
    resourceScopes: r.resourceScopes.map(({ id, name, resource }) => ({
      id,
      name,
      resource: { id: resource.id, name: resource.name },
    })),
  };
}

export function toRestUser(u: User): RestUser {
  return {
    id: u.id,
    username: u.username,
    primaryEmail: u.email,
    primaryPhone: u.primaryPhone,
    name: u.name,
    avatar: u.avatarUrl,
    customData: u.customData,
    profile: u.profile,
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

export function toRestMfaVerification(f: MfaFactor): RestMfaVerification {
  return {
    id: f.id,
    createdAt: f.createdAt.toISOString(),
    type: REST_MFA_FACTOR_TYPES[f.type],
    ...(f.type === "webauthn" && f.name !== null ? { name: f.name } : {}),
    ...(f.type === "webauthn" && f.lastUsedAt ? { lastUsedAt: f.lastUsedAt.toISOString() } : {}),
    ...(f.remainingCodes === undefined ? {} : { remainCodes: f.remainingCodes }),
  };
}

const FACTOR_OF_REST = Object.fromEntries(
  Object.entries(REST_MFA_FACTOR_TYPES).map(([type, rest]) => [rest, type]),
) as Record<RestMfaVerification["type"], MfaFactorType>;

export function toRestSignInExperience(s: SignInExperience): RestSignInExperience {
  return {
    id: "default",
    signInMode: s.registrationEnabled ? "SignInAndRegister" : "SignIn",
    passwordPolicy: {
      length: { min: s.passwordPolicy.minLength, max: REST_PASSWORD_MAX_LENGTH },
      minScore: s.passwordPolicy.minScore,
    },
    mfa: {
      factors: s.mfa.factors.map((type) => REST_MFA_FACTOR_TYPES[type]),
      policy: s.mfa.policy === "required" ? "Mandatory" : "UserControlled",
    },
  };
}

/** A Logto `PATCH /sign-in-exp` body as the service's input: only what was sent. */
export function fromRestSignInExperience(
  body: RestUpdateSignInExperienceBody,
): UpdateSignInExperienceInput {
  const { signInMode, passwordPolicy, mfa } = body;
  const minLength = passwordPolicy?.length?.min;
  const minScore = passwordPolicy?.minScore;
  return {
    ...(signInMode ? { registrationEnabled: signInMode === "SignInAndRegister" } : {}),
    ...(minLength === undefined && minScore === undefined
      ? {}
      : {
          passwordPolicy: {
            ...(minLength === undefined ? {} : { minLength }),
            ...(minScore === undefined ? {} : { minScore }),
          },
        }),
    ...(mfa
      ? {
          mfa: {
            ...(mfa.factors
              ? { factors: [...new Set(mfa.factors.map((type) => FACTOR_OF_REST[type]))] }
              : {}),
            ...(mfa.policy ? { policy: mfa.policy === "Mandatory" ? "required" : "optional" } : {}),
          },
        }
      : {}),
  };
}
