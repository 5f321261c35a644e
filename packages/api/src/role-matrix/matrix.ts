/**
 * Who may call what: every tRPC procedure and every REST route of the Management API,
 * for every kind of caller. `role-matrix.test.ts` calls each cell against a real database
 * and fails when a procedure or route is missing here, so a new one cannot ship without a
 * decision. Deny means 401/403; allow means any other answer.
 *
 * Where the answer depends on the target, `target` names the one the test uses: always the
 * most powerful one the caller might reach (an application holding the Management API role,
 * a console admin's account, a console invitation).
 *
 * The privilege rule behind the admin-only rows: no caller may obtain or change a credential
 * more powerful than its own (`assertMayChangeCredentials`, `assertMayManageAccount` and
 * `assertAdminOrManagementApi` in @guildhall/core).
 */

export const ACTORS = [
  "anonymous",
  "endUser",
  "organizationMember",
  "collaborator",
  "admin",
  "m2m",
  "m2mManagementApi",
] as const;
export type MatrixActor = (typeof ACTORS)[number];

export const ACTOR_LABELS: Record<MatrixActor, string> = {
  anonymous: "anonymous",
  endUser: "end user (signed in, no console role)",
  organizationMember: "organization member (signed in, no console role)",
  collaborator: "console collaborator",
  admin: "console admin",
  m2m: "machine-to-machine app without the Management API role",
  m2mManagementApi: "machine-to-machine app with the Management API role",
};

export interface MatrixRow {
  /** The callers that are let through; every other caller is denied. */
  allow: readonly MatrixActor[];
  /** Why, in a few words. */
  rule: string;
  /** The target the cells are checked against, where the answer depends on it. */
  target?: string;
}

const EVERYONE = ACTORS;
// tRPC has session callers only: a machine-to-machine app has no session, so it is denied
// wherever a session is needed.
const SIGNED_IN = ["endUser", "organizationMember", "collaborator", "admin"] as const;
const CONSOLE = ["collaborator", "admin"] as const;
const ADMIN = ["admin"] as const;
// REST has bearer callers only: a console session is no credential there.
const MANAGEMENT_API = ["m2mManagementApi"] as const;

const tenant: MatrixRow = { allow: CONSOLE, rule: "console members manage the tenant" };
const adminOnly = (rule: string, target?: string): MatrixRow => ({
  allow: ADMIN,
  rule,
  ...(target ? { target } : {}),
});

// The account page: every signed-in user, on their own account only (core takes the account
// from the session, so no input can name another user's).
const ownAccount: MatrixRow = {
  allow: SIGNED_IN,
  rule: "the signed-in user, on their own account",
};

const webhookAdmin = adminOnly(
  "a webhook sees every event of the tenant and its signing key is a credential: admin-only",
);

// The hosted portal: the signed-in user as a member of their own organization. Core decides
// by the organization template's built-in permissions; a non-member is refused (403) like a
// member whose roles lack the permission. In the test's fixture only `organizationMember`
// is a member, holding a role with every built-in permission.
const portalMember = (permission: string): MatrixRow => ({
  allow: ["organizationMember"],
  rule: `members of the organization whose roles hold ${permission}`,
  target:
    "an organization where only organizationMember is a member, with every built-in permission",
});
const portalAnyMember = portalMember("nothing more (any member)");
const portalSelf: MatrixRow = {
  allow: SIGNED_IN,
  rule: "the signed-in user, on their own memberships",
};

const managementApiApp = "an application holding the Management API role";
const adminAccount = "a console admin's account";
const consoleInvitation = "a console invitation";

export const trpcMatrix: Record<string, MatrixRow> = {
  "account.get": ownAccount,
  "account.updateProfile": ownAccount,
  "account.sendEmailVerification": ownAccount,
  "account.requestEmailChange": ownAccount,
  "account.confirmEmailChange": ownAccount,
  "account.changePassword": ownAccount,
  "account.session.list": ownAccount,
  "account.session.end": ownAccount,
  "account.session.endOthers": ownAccount,
  "account.mfa.list": ownAccount,
  "account.mfa.totp.start": ownAccount,
  "account.mfa.totp.confirm": ownAccount,
  "account.mfa.passkey.start": ownAccount,
  "account.mfa.passkey.finish": ownAccount,
  "account.mfa.backupCodes.regenerate": ownAccount,
  "account.mfa.remove": ownAccount,
  "account.leaveOrganization": ownAccount,

  "overview.get": tenant,

  "organizationPermission.list": tenant,
  "organizationPermission.get": tenant,
  "organizationPermission.create": tenant,
  "organizationPermission.update": tenant,
  "organizationPermission.delete": tenant,
  "organizationPermission.impact": tenant,

  "organizationRole.list": tenant,
  "organizationRole.get": tenant,
  "organizationRole.create": tenant,
  "organizationRole.update": tenant,
  "organizationRole.delete": tenant,
  "organizationRole.impact": tenant,
  "organizationRole.permission.add": tenant,
  "organizationRole.permission.replace": tenant,
  "organizationRole.permission.remove": tenant,
  "organizationRole.resourceScope.list": tenant,
  "organizationRole.resourceScope.add": tenant,
  "organizationRole.resourceScope.replace": tenant,
  "organizationRole.resourceScope.remove": tenant,

  "organization.list": tenant,
  "organization.get": tenant,
  "organization.create": tenant,
  "organization.update": tenant,
  "organization.delete": tenant,
  "organization.member.list": tenant,
  "organization.member.add": tenant,
  "organization.member.replace": tenant,
  "organization.member.remove": tenant,
  "organization.member.removeMany": tenant,
  "organization.member.permissions": tenant,
  "organization.member.role.list": tenant,
  "organization.member.role.assign": tenant,
  "organization.member.role.replace": tenant,
  "organization.member.role.remove": tenant,
  "organization.member.role.assignMany": tenant,
  "organization.jit.emailDomain.list": tenant,
  "organization.jit.emailDomain.add": tenant,
  "organization.jit.emailDomain.replace": tenant,
  "organization.jit.emailDomain.remove": tenant,
  "organization.jit.role.list": tenant,
  "organization.jit.role.add": tenant,
  "organization.jit.role.replace": tenant,
  "organization.jit.role.remove": tenant,
  "organization.jit.ssoConnector.list": tenant,
  "organization.jit.ssoConnector.add": tenant,
  "organization.jit.ssoConnector.replace": tenant,
  "organization.jit.ssoConnector.remove": tenant,
  "organization.application.list": tenant,
  "organization.application.add": tenant,
  "organization.application.remove": tenant,
  "organization.application.role.list": tenant,
  "organization.application.role.assign": tenant,
  "organization.application.role.replace": tenant,
  "organization.application.role.remove": tenant,

  "user.list": tenant,
  "user.get": tenant,
  "user.create": tenant,
  "user.update": adminOnly("an admin's password or email is an admin credential", adminAccount),
  "user.delete": adminOnly("deleting an admin is admin-only", adminAccount),
  "user.deleteMany": adminOnly("deleting an admin is admin-only", adminAccount),
  "user.setSuspended": adminOnly("suspending an admin is admin-only", adminAccount),
  "user.organizations": tenant,
  "user.access": tenant,
  "user.mfaFactors": tenant,
  "user.removeMfaFactor": adminOnly(
    "an admin's second factor is an admin credential",
    adminAccount,
  ),
  "user.resetMfa": adminOnly("an admin's second factors are an admin credential", adminAccount),
  "user.sendVerification": tenant,
  "user.sendPasswordReset": adminOnly(
    "a reset link for an admin's password is admin-only",
    adminAccount,
  ),

  "signInExperience.get": tenant,
  "signInExperience.update": adminOnly("sign-in settings apply to every account, admins' too"),

  "consoleMember.list": adminOnly("console members are admin-only"),
  "consoleMember.setRole": adminOnly("console roles are admin-only"),
  "consoleMember.remove": adminOnly("console roles are admin-only"),

  "application.list": tenant,
  "application.get": tenant,
  "application.create": tenant,
  "application.update": adminOnly(
    "token settings of a Management API app are admin-only",
    managementApiApp,
  ),
  "application.delete": adminOnly("deleting a Management API app is admin-only", managementApiApp),
  "application.secret.create": adminOnly(
    "a Management API app's secret is a Management API credential",
    managementApiApp,
  ),
  "application.secret.delete": adminOnly(
    "a Management API app's secrets are admin-only",
    managementApiApp,
  ),
  "application.managementApiAccess": tenant,
  "application.setManagementApiAccess": adminOnly("who holds the Management API is admin-only"),

  "apiResource.list": tenant,
  "apiResource.get": tenant,
  "apiResource.create": tenant,
  "apiResource.update": tenant,
  "apiResource.delete": tenant,
  "apiResource.scope.list": tenant,
  "apiResource.scope.create": tenant,
  "apiResource.scope.update": tenant,
  "apiResource.scope.delete": tenant,

  "role.list": tenant,
  "role.get": tenant,
  "role.create": tenant,
  "role.update": tenant,
  "role.delete": tenant,
  "role.scope.list": tenant,
  // The Management API's permission cannot be given to any role (422 for everyone).
  "role.scope.assign": tenant,
  "role.scope.remove": tenant,
  "role.user.list": tenant,
  "role.user.assign": tenant,
  "role.user.assignMany": tenant,
  "role.user.remove": tenant,
  "role.application.list": tenant,
  "role.application.assign": adminOnly(
    "who holds the Management API is admin-only",
    "the Management API role",
  ),
  "role.application.remove": adminOnly(
    "who holds the Management API is admin-only",
    "the Management API role",
  ),
  "role.ofUser.list": tenant,
  "role.ofUser.assign": tenant,

  "signingKey.list": adminOnly("signing keys are admin-only"),
  "signingKey.rotate": adminOnly("signing keys are admin-only"),

  "webhook.eventNames": webhookAdmin,
  "webhook.list": webhookAdmin,
  "webhook.get": webhookAdmin,
  "webhook.create": webhookAdmin,
  "webhook.update": webhookAdmin,
  "webhook.delete": webhookAdmin,
  "webhook.rotateSigningKey": webhookAdmin,
  "webhook.deliveries": webhookAdmin,
  "webhook.test": webhookAdmin,
  "webhook.redeliver": webhookAdmin,

  "ssoConnector.providers": tenant,
  "ssoConnector.list": tenant,
  "ssoConnector.get": tenant,
  "ssoConnector.create": adminOnly("an SSO connector decides who signs in as whom: admin-only"),
  "ssoConnector.update": adminOnly("an SSO connector decides who signs in as whom: admin-only"),
  "ssoConnector.delete": adminOnly("an SSO connector decides who signs in as whom: admin-only"),

  "invitation.landing": { allow: EVERYONE, rule: "public: the link's token is the credential" },
  "invitation.signUp": { allow: EVERYONE, rule: "public: the link's token is the credential" },
  "invitation.accept": { allow: SIGNED_IN, rule: "the signed-in invitee, with the link's token" },
  "invitation.decline": { allow: SIGNED_IN, rule: "the signed-in invitee, with the link's token" },
  "invitation.list": adminOnly(
    "console invitations are admin-only",
    "console invitations (kind: console)",
  ),
  "invitation.get": adminOnly("console invitations are admin-only", consoleInvitation),
  "invitation.create": adminOnly(
    "a console invitation is a console role in waiting",
    consoleInvitation,
  ),
  "invitation.resend": adminOnly("console invitations are admin-only", consoleInvitation),
  "invitation.revoke": adminOnly("console invitations are admin-only", consoleInvitation),

  "email.list": tenant,
  "email.get": { ...tenant, target: "an organization invitation's email" },
  // Console-invitation emails answer 404 to collaborators (core's emailScope), for get and retry alike.
  "email.retry": { ...tenant, target: "an organization invitation's email" },
  "emailSettings.get": adminOnly("the SMTP server is an instance setting"),
  "emailSettings.sendTest": adminOnly("sending mail as the instance is admin-only"),
  // Collaborators read the audit log: they manage the tenant it records.
  "auditLog.list": tenant,
  "auditLog.get": tenant,
  "instanceSettings.get": tenant,
  "instanceSettings.update": adminOnly("a shorter retention deletes history: admin-only"),
  "instanceSettings.organizationCreation.get": tenant,
  "instanceSettings.organizationCreation.update": adminOnly(
    "the creator role is an organization role given without anyone granting it: admin-only",
  ),

  "portal.myOrganizations": portalSelf,
  // The test's instance lets everyone create organizations; with "nobody" every caller gets 403.
  "portal.createOrganization": {
    allow: SIGNED_IN,
    rule: "signed-in users, as the instance's creation policy allows",
    target: "policy everyone",
  },
  "portal.access": portalAnyMember,
  "portal.organization.get": portalAnyMember,
  "portal.organization.update": portalMember("guildhall:organization:update"),
  "portal.roles": portalAnyMember,
  "portal.member.list": portalMember("guildhall:members:read"),
  "portal.member.changeRoles": portalMember("guildhall:members:roles"),
  "portal.member.remove": portalMember("guildhall:members:remove"),
  "portal.invitation.list": portalMember("guildhall:invitations:manage"),
  "portal.invitation.create": portalMember("guildhall:members:invite"),
  "portal.invitation.resend": portalMember("guildhall:members:invite"),
  "portal.invitation.revoke": portalMember("guildhall:invitations:manage"),
  "portal.membershipRequest.list": portalMember("guildhall:members:invite"),
  "portal.membershipRequest.decide": portalMember("guildhall:members:invite"),
  "portal.domain.list": portalMember("guildhall:domains:manage"),
  "portal.domain.replace": portalMember("guildhall:domains:manage"),
  "portal.audit.list": portalMember("guildhall:audit:read"),
  // Leaving an organization one is not in is a 404 (member.not_found), not a refusal.
  "portal.leave": portalSelf,
};

const organizationApi: MatrixRow = {
  allow: [],
  rule: "organization API: organization tokens and users' access tokens only (see organization-api.test.ts)",
};

const managementApi: MatrixRow = {
  allow: MANAGEMENT_API,
  rule: "Management API token (scope `all`)",
};

export const restMatrix: Record<string, MatrixRow> = {
  "GET /api/openapi.json": { allow: EVERYONE, rule: "public document" },

  "GET /api/organizations": managementApi,
  "POST /api/organizations": managementApi,
  "GET /api/organizations/{id}": managementApi,
  "PATCH /api/organizations/{id}": managementApi,
  "DELETE /api/organizations/{id}": managementApi,
  "GET /api/organizations/{id}/users": managementApi,
  "POST /api/organizations/{id}/users": managementApi,
  "PUT /api/organizations/{id}/users": managementApi,
  "DELETE /api/organizations/{id}/users/{userId}": managementApi,
  "POST /api/organizations/{id}/users/roles": managementApi,
  "GET /api/organizations/{id}/users/{userId}/roles": managementApi,
  "POST /api/organizations/{id}/users/{userId}/roles": managementApi,
  "PUT /api/organizations/{id}/users/{userId}/roles": managementApi,
  "DELETE /api/organizations/{id}/users/{userId}/roles/{organizationRoleId}": managementApi,
  "GET /api/organizations/{id}/users/{userId}/scopes": managementApi,
  "GET /api/organizations/{id}/jit/email-domains": managementApi,
  "POST /api/organizations/{id}/jit/email-domains": managementApi,
  "PUT /api/organizations/{id}/jit/email-domains": managementApi,
  "DELETE /api/organizations/{id}/jit/email-domains/{emailDomain}": managementApi,
  "GET /api/organizations/{id}/jit/roles": managementApi,
  "POST /api/organizations/{id}/jit/roles": managementApi,
  "PUT /api/organizations/{id}/jit/roles": managementApi,
  "DELETE /api/organizations/{id}/jit/roles/{organizationRoleId}": managementApi,
  "GET /api/organizations/{id}/jit/sso-connectors": managementApi,
  "POST /api/organizations/{id}/jit/sso-connectors": managementApi,
  "PUT /api/organizations/{id}/jit/sso-connectors": managementApi,
  "DELETE /api/organizations/{id}/jit/sso-connectors/{ssoConnectorId}": managementApi,

  "GET /api/organization-roles": managementApi,
  "POST /api/organization-roles": managementApi,
  "GET /api/organization-roles/{id}": managementApi,
  "PATCH /api/organization-roles/{id}": managementApi,
  "DELETE /api/organization-roles/{id}": managementApi,
  "GET /api/organization-roles/{id}/scopes": managementApi,
  "POST /api/organization-roles/{id}/scopes": managementApi,
  "PUT /api/organization-roles/{id}/scopes": managementApi,
  "DELETE /api/organization-roles/{id}/scopes/{organizationScopeId}": managementApi,
  "GET /api/organization-roles/{id}/resource-scopes": managementApi,
  "POST /api/organization-roles/{id}/resource-scopes": managementApi,
  "PUT /api/organization-roles/{id}/resource-scopes": managementApi,
  "DELETE /api/organization-roles/{id}/resource-scopes/{scopeId}": managementApi,

  "GET /api/organization-scopes": managementApi,
  "POST /api/organization-scopes": managementApi,
  "GET /api/organization-scopes/{id}": managementApi,
  "PATCH /api/organization-scopes/{id}": managementApi,
  "DELETE /api/organization-scopes/{id}": managementApi,

  "GET /api/users": managementApi,
  "POST /api/users": managementApi,
  "GET /api/users/{userId}": managementApi,
  "PATCH /api/users/{userId}": { ...managementApi, target: adminAccount },
  "PATCH /api/users/{userId}/profile": managementApi,
  "DELETE /api/users/{userId}": { ...managementApi, target: adminAccount },
  "PATCH /api/users/{userId}/password": { ...managementApi, target: adminAccount },
  "PATCH /api/users/{userId}/is-suspended": { ...managementApi, target: adminAccount },
  "GET /api/users/{userId}/organizations": managementApi,
  "POST /api/users/{userId}/password/verify": { ...managementApi, target: adminAccount },
  "GET /api/users/{userId}/has-password": managementApi,
  "GET /api/users/{userId}/mfa-verifications": managementApi,
  "DELETE /api/users/{userId}/mfa-verifications/{verificationId}": {
    ...managementApi,
    target: adminAccount,
  },

  "GET /api/sign-in-exp": managementApi,
  "PATCH /api/sign-in-exp": managementApi,

  "GET /api/applications": managementApi,
  "POST /api/applications": managementApi,
  "GET /api/applications/{id}": managementApi,
  "PATCH /api/applications/{id}": { ...managementApi, target: managementApiApp },
  "DELETE /api/applications/{id}": { ...managementApi, target: managementApiApp },

  "GET /api/organizations/{id}/applications": managementApi,
  "POST /api/organizations/{id}/applications": managementApi,
  "PUT /api/organizations/{id}/applications": managementApi,
  "DELETE /api/organizations/{id}/applications/{applicationId}": managementApi,
  "POST /api/organizations/{id}/applications/roles": managementApi,
  "GET /api/organizations/{id}/applications/{applicationId}/roles": managementApi,
  "POST /api/organizations/{id}/applications/{applicationId}/roles": managementApi,
  "PUT /api/organizations/{id}/applications/{applicationId}/roles": managementApi,
  "DELETE /api/organizations/{id}/applications/{applicationId}/roles/{organizationRoleId}":
    managementApi,

  "GET /api/organization-invitations": managementApi,
  "POST /api/organization-invitations": managementApi,
  "GET /api/organization-invitations/{id}": managementApi,
  "DELETE /api/organization-invitations/{id}": managementApi,
  "PUT /api/organization-invitations/{id}/status": managementApi,
  "POST /api/organization-invitations/{id}/message": managementApi,

  "GET /api/resources": managementApi,
  "POST /api/resources": managementApi,
  "GET /api/resources/{id}": managementApi,
  "PATCH /api/resources/{id}": managementApi,
  "DELETE /api/resources/{id}": managementApi,
  "GET /api/resources/{id}/scopes": managementApi,
  "POST /api/resources/{id}/scopes": managementApi,
  "PATCH /api/resources/{id}/scopes/{scopeId}": managementApi,
  "DELETE /api/resources/{id}/scopes/{scopeId}": managementApi,

  // The organization API takes organization tokens and users' access tokens, never a
  // Management API token or a console session: every caller here is denied. Who is allowed,
  // route by route, is organization-api.test.ts's isolation matrix.
  "GET /api/my/organizations": organizationApi,
  "POST /api/my/organizations": organizationApi,
  "GET /api/my/organization-suggestions": organizationApi,
  "POST /api/my/membership-requests": organizationApi,
  "GET /api/my/organizations/{organizationId}": organizationApi,
  "PATCH /api/my/organizations/{organizationId}": organizationApi,
  "DELETE /api/my/organizations/{organizationId}/membership": organizationApi,
  "GET /api/my/organizations/{organizationId}/roles": organizationApi,
  "GET /api/my/organizations/{organizationId}/users": organizationApi,
  "PUT /api/my/organizations/{organizationId}/users/{userId}/roles": organizationApi,
  "DELETE /api/my/organizations/{organizationId}/users/{userId}": organizationApi,
  "GET /api/my/organizations/{organizationId}/invitations": organizationApi,
  "POST /api/my/organizations/{organizationId}/invitations": organizationApi,
  "POST /api/my/organizations/{organizationId}/invitations/{invitationId}/resend": organizationApi,
  "POST /api/my/organizations/{organizationId}/invitations/{invitationId}/revoke": organizationApi,
  "GET /api/my/organizations/{organizationId}/membership-requests": organizationApi,
  "POST /api/my/organizations/{organizationId}/membership-requests/{requestId}/approve":
    organizationApi,
  "POST /api/my/organizations/{organizationId}/membership-requests/{requestId}/decline":
    organizationApi,
  "GET /api/my/organizations/{organizationId}/jit/email-domains": organizationApi,
  "PUT /api/my/organizations/{organizationId}/jit/email-domains": organizationApi,
  "GET /api/my/organizations/{organizationId}/audit-logs": organizationApi,

  "GET /api/roles": managementApi,
  "POST /api/roles": managementApi,
  "GET /api/roles/{id}": managementApi,
  "PATCH /api/roles/{id}": managementApi,
  "DELETE /api/roles/{id}": managementApi,
  "GET /api/roles/{id}/scopes": managementApi,
  "POST /api/roles/{id}/scopes": managementApi,
  "DELETE /api/roles/{id}/scopes/{scopeId}": managementApi,
  "GET /api/roles/{id}/users": managementApi,
  "POST /api/roles/{id}/users": managementApi,
  "DELETE /api/roles/{id}/users/{userId}": managementApi,
  "GET /api/roles/{id}/applications": { ...managementApi, target: "the Management API role" },
  "POST /api/roles/{id}/applications": { ...managementApi, target: "the Management API role" },
  "DELETE /api/roles/{id}/applications/{applicationId}": {
    ...managementApi,
    target: "the Management API role",
  },

  "GET /api/users/{userId}/roles": managementApi,
  "POST /api/users/{userId}/roles": managementApi,
  "DELETE /api/users/{userId}/roles/{roleId}": managementApi,

  "GET /api/sso-connector-providers": managementApi,
  "GET /api/sso-connectors": managementApi,
  "POST /api/sso-connectors": managementApi,
  "GET /api/sso-connectors/{id}": managementApi,
  "PATCH /api/sso-connectors/{id}": managementApi,
  "DELETE /api/sso-connectors/{id}": managementApi,

  "GET /api/audit-logs": managementApi,
  "GET /api/audit-logs/{id}": managementApi,
  "GET /api/organizations/{id}/audit-logs": managementApi,
  "GET /api/configs/retention": managementApi,
  "PATCH /api/configs/retention": managementApi,

  "GET /api/hooks": managementApi,
  "POST /api/hooks": managementApi,
  "GET /api/hooks/{id}": managementApi,
  "PATCH /api/hooks/{id}": managementApi,
  "DELETE /api/hooks/{id}": managementApi,
  "GET /api/hooks/{id}/recent-logs": managementApi,
  "POST /api/hooks/{id}/test": managementApi,
  "PATCH /api/hooks/{id}/signing-key": managementApi,
  "POST /api/hooks/{id}/deliveries/{deliveryId}/redeliver": managementApi,
};

/**
 * Routes served outside the REST router (server.ts, before Next). The event stream: every
 * machine-to-machine application may open it; what it then receives is filtered per event
 * (core's `mayReceiveEvent`: everything with the Management API, else its organizations').
 */
export const streamMatrix: Record<string, MatrixRow> = {
  "GET /api/events/stream": {
    allow: ["m2m", "m2mManagementApi"],
    rule: "machine-to-machine apps; events filtered by the app's organizations",
  },
};
