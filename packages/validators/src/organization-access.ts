import { z } from "zod";
import { description, id, paginationInput } from "./common.ts";
import { branding, organizationColor, organizationName } from "./organization.ts";

/**
 * The organization permissions Guildhall itself understands: a member holding one may do
 * that in their organization through the organization API, the hosted portal and
 * `@guildhall/react`, with an organization token instead of Management API credentials.
 * They live in the template like any permission (the template decides which roles hold
 * them); the `guildhall:` prefix is reserved for them.
 */
export const BUILT_IN_PERMISSIONS = {
  organizationUpdate: "guildhall:organization:update",
  membersRead: "guildhall:members:read",
  membersInvite: "guildhall:members:invite",
  membersRemove: "guildhall:members:remove",
  membersRoles: "guildhall:members:roles",
  invitationsManage: "guildhall:invitations:manage",
  domainsManage: "guildhall:domains:manage",
  auditRead: "guildhall:audit:read",
} as const;
export type BuiltInPermission = (typeof BUILT_IN_PERMISSIONS)[keyof typeof BUILT_IN_PERMISSIONS];

export const BUILT_IN_PERMISSION_PREFIX = "guildhall:";

/** What each built-in permission lets a member do, as the template shows it. */
export const BUILT_IN_PERMISSION_DESCRIPTIONS: Record<BuiltInPermission, string> = {
  "guildhall:organization:update": "Change the organization's name, description and branding",
  "guildhall:members:read": "See the organization's members and their roles",
  "guildhall:members:invite": "Invite people, resend invitations and approve membership requests",
  "guildhall:members:remove": "Remove members from the organization",
  "guildhall:members:roles": "Change members' roles (only to roles whose permissions they hold)",
  "guildhall:invitations:manage": "See and revoke the organization's invitations",
  "guildhall:domains:manage": "Manage the email domains whose users join automatically",
  "guildhall:audit:read": "Read the organization's audit log",
};

export const BUILT_IN_PERMISSION_NAMES = Object.values(BUILT_IN_PERMISSIONS);

export function isBuiltInPermission(value: string): value is BuiltInPermission {
  return (BUILT_IN_PERMISSION_NAMES as readonly string[]).includes(value);
}

/** True for names only Guildhall may give a permission (the built-in ones and any future one). */
export function isReservedPermissionName(value: string): boolean {
  return value.toLowerCase().startsWith(BUILT_IN_PERMISSION_PREFIX);
}

/** Who may create organizations themselves (`POST /api/my/organizations`). */
export const ORGANIZATION_CREATION_POLICIES = ["nobody", "everyone", "global_role"] as const;
export type OrganizationCreationPolicy = (typeof ORGANIZATION_CREATION_POLICIES)[number];
export const ORGANIZATIONS_PER_USER = { min: 1, max: 1000, default: 5 } as const;

export const organizationCreationSettings = z.object({
  /** nobody: only the console and the Management API; everyone: any user; global_role: users holding `creationRoleId`. */
  policy: z.enum(ORGANIZATION_CREATION_POLICIES),
  /** The global (user) role a user needs when the policy is `global_role`. */
  creationRoleId: id.nullable(),
  /** The organization role the creator receives in the organization they create. */
  creatorRoleId: id.nullable(),
  /** How many organizations one user may create. */
  limitPerUser: z
    .number()
    .int()
    .min(ORGANIZATIONS_PER_USER.min, `The limit is at least ${ORGANIZATIONS_PER_USER.min}.`)
    .max(ORGANIZATIONS_PER_USER.max, `The limit is at most ${ORGANIZATIONS_PER_USER.max}.`),
});
export type OrganizationCreationSettings = z.infer<typeof organizationCreationSettings>;

export const updateOrganizationCreationSettingsInput = organizationCreationSettings
  .partial()
  .strict()
  .superRefine((value, ctx) => {
    if (value.policy === "global_role" && value.creationRoleId === null)
      ctx.addIssue({
        code: "custom",
        path: ["creationRoleId"],
        message: "Choose the global role a user needs to create organizations.",
      });
  });
export type UpdateOrganizationCreationSettingsInput = z.input<
  typeof updateOrganizationCreationSettingsInput
>;

/** `POST /api/my/organizations`: the caller creates an organization and joins it. */
export const createMyOrganizationInput = z
  .object({
    name: organizationName,
    description: description.nullish(),
  })
  .strict();
export type CreateMyOrganizationInput = z.input<typeof createMyOrganizationInput>;

/** An organization as one of its members sees it in the switcher. */
export const myOrganization = z.object({
  id,
  name: z.string(),
  description: z.string().nullable(),
  branding,
  color: organizationColor,
  roles: z.array(z.object({ id, name: z.string() })),
  permissions: z.array(z.string()),
});
export type MyOrganization = z.infer<typeof myOrganization>;

/** A template role as a member sees it: may the caller give it to someone (or take it away)? */
export const assignableRole = z.object({
  id,
  name: z.string(),
  description: z.string().nullable(),
  permissions: z.array(z.string()),
  grantable: z.boolean(),
});
export type AssignableRole = z.infer<typeof assignableRole>;

export const organizationRef = z.object({ organizationId: id }).strict();
export type OrganizationRef = z.input<typeof organizationRef>;

/**
 * What an organization's own admins may change (`guildhall:organization:update`): its name,
 * description and look. Custom data, MFA and SSO-only stay with the vendor.
 */
export const SELF_SERVICE_ORGANIZATION_FIELDS = [
  "name",
  "description",
  "branding",
  "color",
  "customCss",
] as const;

export const MEMBERSHIP_REQUEST_STATUSES = ["Pending", "Approved", "Declined"] as const;
export type MembershipRequestStatus = (typeof MEMBERSHIP_REQUEST_STATUSES)[number];

/** A user asking to join an organization whose email domain matches theirs. */
export const membershipRequest = z.object({
  id,
  organizationId: id,
  user: z.object({
    id,
    email: z.string().nullable(),
    name: z.string().nullable(),
    avatarUrl: z.string().nullable(),
  }),
  status: z.enum(MEMBERSHIP_REQUEST_STATUSES),
  createdAt: z.date(),
  decidedAt: z.date().nullable(),
});
export type MembershipRequest = z.infer<typeof membershipRequest>;

/** An organization the caller could ask to join (their verified email's domain is its). */
export const organizationSuggestion = z.object({
  id,
  name: z.string(),
  description: z.string().nullable(),
  branding,
  color: organizationColor,
  /** The caller's request, if they made one. */
  requestStatus: z.enum(MEMBERSHIP_REQUEST_STATUSES).nullable(),
});
export type OrganizationSuggestion = z.infer<typeof organizationSuggestion>;

export const listMembershipRequestsInput = paginationInput
  .extend({ organizationId: id, status: z.enum(MEMBERSHIP_REQUEST_STATUSES).optional() })
  .strict();
export type ListMembershipRequestsInput = z.input<typeof listMembershipRequestsInput>;

export const decideMembershipRequestInput = z
  .object({
    organizationId: id,
    requestId: id,
    decision: z.enum(["approve", "decline"]),
    /** Roles the new member gets on approval (only roles the approver may grant). */
    organizationRoleIds: z.array(id).max(100, "At most 100 roles.").default([]),
  })
  .strict();
export type DecideMembershipRequestInput = z.input<typeof decideMembershipRequestInput>;
