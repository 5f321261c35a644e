// The role matrix: every tRPC procedure and every REST route, called as every kind of
// caller against one real database, checked against the table in `matrix.ts`. Inputs are
// valid (an allowed call is never refused for its input), and where the answer depends on
// the target, the target is the most powerful one: a deny then means the rule held, not
// that the call was malformed.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createApplication,
  createWebhook,
  createInvitation,
  createManagementApiAccessCheck,
  ensureBuiltInPermissions,
  ensureManagementApi,
  setManagementApiAccess,
  startEventPump,
  updateOrganizationCreationSettings,
  systemContext,
  type ServiceContext,
} from "@guildhall/core";
import { BUILT_IN_PERMISSION_NAMES } from "@guildhall/validators";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { useManagementApi, unique } from "../rest/test/harness.ts";
import { appRouter } from "../trpc/root.ts";
import { createCallerFactory, type ConsoleSession } from "../trpc/trpc.ts";
import { createEventStream, createEventStreamAuthenticator } from "../events/stream.ts";
import {
  ACTORS,
  restMatrix,
  streamMatrix,
  trpcMatrix,
  type MatrixActor,
  type MatrixRow,
} from "./matrix.ts";

// The production check of the token's client: an app that does not hold the role is refused.
const h = useManagementApi({ isClientAllowed: (db) => createManagementApiAccessCheck(db) });
// The REST harness's secret too: webhook signing keys sealed by one side are opened by the other.
const INSTANCE_SECRET = "test-instance-secret-0123456789";
const BOGUS_TOKEN = "not-a-real-invitation-token-0000";

interface Account {
  id: string;
  email: string;
}

/** What every cell may point at; created once for the file. */
interface Fixtures {
  sys: ServiceContext;
  users: Record<"endUser" | "organizationMember" | "collaborator" | "admin", Account>;
  organizationId: string;
  organizationPermissionId: string;
  userOrgRoleId: string;
  /** An organization role holding every built-in permission (`guildhall:*`). */
  portalAdminRoleId: string;
  appOrgRoleId: string;
  plainM2mId: string;
  managementApiAppId: string;
  managementApiRoleId: string;
  resourceId: string;
  scopeId: string;
  userRoleId: string;
  consoleInvitationId: string;
  organizationInvitationId: string;
  organizationEmailId: string;
  tokens: Record<Exclude<MatrixActor, "anonymous">, string>;
}

let f: Fixtures;
const db = () => h.db;

async function account(prefix: string, consoleRole?: "admin" | "collaborator"): Promise<Account> {
  const email = `${unique(prefix)}@example.com`;
  const user = await db().user.create({
    data: { email, ...(consoleRole ? { consoleMember: { create: { role: consoleRole } } } : {}) },
    select: { id: true },
  });
  return { id: user.id, email };
}

/** A fresh SSO connector (no config yet), for the cells that change or delete one. */
const freshSsoConnector = async () =>
  (
    await db().ssoConnector.create({
      data: { providerName: "OIDC", connectorName: unique("sso") },
    })
  ).id;
const ssoConnectorBody = () => ({
  providerName: "OIDC",
  connectorName: unique("sso"),
  config: { issuer: "https://idp.example.com", clientId: "client", clientSecret: "secret" },
});

/** A fresh webhook (to a refused address, so test sends never leave the machine). */
const freshWebhook = async () =>
  (await createWebhook(systemContext(db()), webhookBody(), { instanceSecret: INSTANCE_SECRET })).id;
const webhookBody = () => ({
  name: unique("hook"),
  events: ["User.Created" as const],
  config: { url: "http://127.0.0.1:9/hook" },
});
/** A Sent delivery of a fresh webhook: what may be sent again. */
async function freshDelivery() {
  const webhookId = await freshWebhook();
  const event = await db().domainEvent.create({ data: { event: "User.Created", data: {} } });
  const delivery = await db().webhookDelivery.create({
    data: {
      webhookId,
      eventId: event.id,
      eventSeq: event.id,
      event: "User.Created",
      status: "Sent",
    },
  });
  return { webhookId, deliveryId: delivery.id };
}

/** A fresh organization holding one JIT email domain, default role and SSO connector. */
async function freshJitOrganization() {
  const organizationId = await fresh.organization();
  const emailDomain = jitDomain();
  const ssoConnectorId = await freshSsoConnector();
  await db().organization.update({
    where: { id: organizationId },
    data: {
      jitEmailDomains: { create: { emailDomain } },
      jitRoles: { create: { roleId: f.userOrgRoleId } },
      jitSsoConnectors: { create: { ssoConnectorId } },
    },
  });
  return { organizationId, emailDomain, ssoConnectorId };
}
const jitDomain = () => `${unique("jit").toLowerCase()}.test`;

/** Fresh targets, for cells that change or delete what they are given. */
const fresh = {
  organization: async () => (await db().organization.create({ data: { name: unique("org") } })).id,
  user: async () => (await account("user")).id,
  admin: async () => (await account("admin", "admin")).id,
  collaborator: async () => (await account("collab", "collaborator")).id,
  organizationPermission: async () =>
    (await db().organizationPermission.create({ data: { name: unique("perm") } })).id,
  organizationRole: async () =>
    (await db().organizationRole.create({ data: { name: unique("orgrole") } })).id,
  /** An organization with one member holding `userOrgRoleId`, and one app holding `appOrgRoleId`. */
  membership: async () => {
    const organizationId = await fresh.organization();
    const userId = await fresh.user();
    await db().organizationMember.create({ data: { organizationId, userId } });
    await db().organizationMemberRole.create({
      data: { organizationId, userId, roleId: f.userOrgRoleId },
    });
    await db().organizationApplication.create({
      data: { organizationId, applicationId: f.plainM2mId },
    });
    await db().organizationApplicationRole.create({
      data: { organizationId, applicationId: f.plainM2mId, roleId: f.appOrgRoleId },
    });
    return { organizationId, userId, applicationId: f.plainM2mId };
  },
  /**
   * An organization where `organizationMember` holds every built-in permission, and (with
   * `other`) a second member holding `userOrgRoleId` (no permissions): what a portal cell
   * that changes its organization acts on.
   */
  portalOrganization: async ({ other = true }: { other?: boolean } = {}) => {
    const organizationId = await fresh.organization();
    const adminId = f.users.organizationMember.id;
    await db().organizationMember.create({
      data: { organizationId, userId: adminId, roles: { create: { roleId: f.portalAdminRoleId } } },
    });
    const userId = other ? await fresh.user() : adminId;
    if (other)
      await db().organizationMember.create({
        data: { organizationId, userId, roles: { create: { roleId: f.userOrgRoleId } } },
      });
    return { organizationId, userId };
  },
  /** A pending invitation into a fresh portal organization. */
  portalInvitation: async () =>
    (
      await createInvitation(f.sys, {
        organizationId: (await fresh.portalOrganization({ other: false })).organizationId,
        invitee: `${unique("invitee")}@example.com`,
        baseUrl: h.baseUrl,
        sendEmail: false,
      })
    ).invitation.id,
  m2m: async () => {
    const { application, secret } = await createApplication(f.sys, {
      name: unique("m2m"),
      type: "MachineToMachine",
    });
    return { id: application.id, secretId: secret?.id ?? "" };
  },
  /** A machine-to-machine app holding the Management API role, with one secret. */
  managementApiApp: async () => {
    const app = await fresh.m2m();
    await setManagementApiAccess(f.sys, { applicationId: app.id, enabled: true });
    return app;
  },
  resource: async () =>
    (
      await db().apiResource.create({
        data: { name: unique("api"), indicator: `https://${unique("api")}.example.com` },
      })
    ).id,
  scope: async () =>
    (await db().apiScope.create({ data: { resourceId: f.resourceId, name: unique("read") } })).id,
  role: async () => (await db().role.create({ data: { name: unique("role"), type: "User" } })).id,
  /** A confirmed authenticator app of the user's. */
  factor: async (userId: string) =>
    (
      await db().userMfaFactor.create({
        data: { userId, type: "totp", confirmedAt: new Date() },
      })
    ).id,
  consoleInvitation: async () =>
    (
      await createInvitation(f.sys, {
        consoleRole: "admin",
        invitee: `${unique("invitee")}@example.com`,
        baseUrl: h.baseUrl,
        sendEmail: false,
      })
    ).invitation.id,
  organizationInvitation: async () =>
    (
      await createInvitation(f.sys, {
        organizationId: f.organizationId,
        invitee: `${unique("invitee")}@example.com`,
        baseUrl: h.baseUrl,
        sendEmail: false,
      })
    ).invitation.id,
};

beforeAll(async () => {
  const sys = systemContext(h.db);
  const { roleId: managementApiRoleId } = await ensureManagementApi(h.db, { baseUrl: h.baseUrl });
  f = { sys, managementApiRoleId } as Fixtures;
  f.users = {
    endUser: await account("end-user"),
    organizationMember: await account("org-member"),
    collaborator: await account("collaborator", "collaborator"),
    admin: await account("admin", "admin"),
  };
  // A second admin, so deleting or suspending the fresh admin targets never meets the last-admin rule.
  await account("admin-two", "admin");
  f.organizationId = await fresh.organization();
  await db().organizationMember.create({
    data: { organizationId: f.organizationId, userId: f.users.organizationMember.id },
  });
  f.organizationPermissionId = await fresh.organizationPermission();
  f.userOrgRoleId = (
    await db().organizationRole.create({ data: { name: unique("member-role") } })
  ).id;
  // The portal's cells: organizationMember holds every built-in permission in the fixture's
  // organization (ensureBuiltInPermissions runs at boot; the test's database has not booted).
  await ensureBuiltInPermissions(h.db);
  const builtIn = await db().organizationPermission.findMany({
    where: { name: { in: [...BUILT_IN_PERMISSION_NAMES] } },
    select: { id: true },
  });
  f.portalAdminRoleId = (
    await db().organizationRole.create({
      data: {
        name: unique("portal-admin"),
        permissions: { create: builtIn.map((p) => ({ permissionId: p.id })) },
      },
    })
  ).id;
  await db().organizationMemberRole.create({
    data: {
      organizationId: f.organizationId,
      userId: f.users.organizationMember.id,
      roleId: f.portalAdminRoleId,
    },
  });
  // Users may create organizations here, so portal.createOrganization reaches its real work.
  await updateOrganizationCreationSettings(sys, { policy: "everyone" });
  f.appOrgRoleId = (
    await db().organizationRole.create({
      data: { name: unique("app-role"), type: "MachineToMachine" },
    })
  ).id;
  f.plainM2mId = (await fresh.m2m()).id;
  f.managementApiAppId = (await fresh.managementApiApp()).id;
  f.resourceId = await fresh.resource();
  f.scopeId = await fresh.scope();
  f.userRoleId = await fresh.role();
  f.consoleInvitationId = await fresh.consoleInvitation();
  f.organizationInvitationId = await fresh.organizationInvitation();
  // Its email as the Emails page lists it (written directly: how the outbox stores a body is
  // not what this test is about).
  const email = await db().emailOutbox.create({
    data: {
      kind: "organization-invitation",
      to: "invitee@example.com",
      subject: "You are invited",
      html: "<p>You are invited</p>",
      text: "You are invited",
      invitationId: f.organizationInvitationId,
    },
    select: { id: true },
  });
  f.organizationEmailId = email.id;

  // Bearer tokens as Guildhall's provider issues them. A user's access token for the
  // Management API carries no `all` (no user role can hold it); an organization token is
  // for its organization's audience; only an app holding the role gets `all`.
  const { id: spaId } = (
    await createApplication(sys, {
      name: unique("spa"),
      type: "SPA",
      redirectUris: ["https://app.example.com/callback"],
    })
  ).application;
  const userToken = (userId: string) =>
    h.token({ clientId: spaId, subject: userId, scope: "openid profile" });
  f.tokens = {
    endUser: await userToken(f.users.endUser.id),
    organizationMember: await h.token({
      clientId: spaId,
      subject: f.users.organizationMember.id,
      audience: `urn:guildhall:organization:${f.organizationId}`,
      scope: "",
    }),
    collaborator: await userToken(f.users.collaborator.id),
    admin: await userToken(f.users.admin.id),
    m2m: await h.token({ clientId: f.plainM2mId, scope: "" }),
    m2mManagementApi: await h.token({ clientId: f.managementApiAppId, scope: "all" }),
  };
});

// ---------------------------------------------------------------------------------------
// tRPC

type Input = () => unknown;

/** A valid input per procedure (a builder, so cells that change their target get a fresh one). */
const trpcInputs: Record<string, Input> = {
  // Own account: inputs that reach core and get its answer (mostly a 404 or 422 for an
  // unknown code, factor or session), so nothing here changes another cell's fixtures.
  "account.get": () => undefined,
  "account.updateProfile": () => ({ name: "Matrix Name" }),
  "account.sendEmailVerification": () => undefined,
  "account.requestEmailChange": () => ({ newEmail: `${unique("changed")}@example.com` }),
  "account.confirmEmailChange": () => ({ code: "123456" }),
  "account.changePassword": () => ({
    currentPassword: "not-the-password",
    newPassword: "a-long-new-password-for-the-matrix",
  }),
  "account.session.list": () => undefined,
  "account.session.end": () => ({ sessionId: "no-such-session" }),
  "account.session.endOthers": () => undefined,
  "account.mfa.list": () => undefined,
  "account.mfa.totp.start": () => undefined,
  "account.mfa.totp.confirm": () => ({ code: "123456" }),
  "account.mfa.passkey.start": () => undefined,
  "account.mfa.passkey.finish": () => ({
    challengeToken: "not-a-real-challenge-token",
    response: {
      id: "AAAA",
      rawId: "AAAA",
      type: "public-key",
      response: { clientDataJSON: "AAAA", attestationObject: "AAAA" },
    },
  }),
  "account.mfa.backupCodes.regenerate": () => undefined,
  "account.mfa.remove": () => ({ factorId: "no-such-factor" }),
  "account.leaveOrganization": async () => ({ organizationId: await fresh.organization() }),

  "overview.get": () => undefined,

  "organizationPermission.list": () => ({}),
  "organizationPermission.get": () => ({ id: f.organizationPermissionId }),
  "organizationPermission.create": () => ({ name: unique("perm") }),
  "organizationPermission.update": async () => ({
    id: await fresh.organizationPermission(),
    name: unique("perm"),
  }),
  "organizationPermission.delete": async () => ({ id: await fresh.organizationPermission() }),
  "organizationPermission.impact": () => ({ id: f.organizationPermissionId }),

  "organizationRole.list": () => ({}),
  "organizationRole.get": () => ({ id: f.userOrgRoleId }),
  "organizationRole.create": () => ({
    name: unique("orgrole"),
    permissionIds: [f.organizationPermissionId],
  }),
  "organizationRole.update": async () => ({
    id: await fresh.organizationRole(),
    name: unique("orgrole"),
  }),
  "organizationRole.delete": async () => ({ id: await fresh.organizationRole() }),
  "organizationRole.impact": () => ({ id: f.userOrgRoleId }),
  "organizationRole.permission.add": async () => ({
    roleId: await fresh.organizationRole(),
    permissionIds: [f.organizationPermissionId],
  }),
  "organizationRole.permission.replace": async () => ({
    roleId: await fresh.organizationRole(),
    permissionIds: [f.organizationPermissionId],
  }),
  "organizationRole.permission.remove": async () => ({
    roleId: await fresh.organizationRole(),
    permissionIds: [f.organizationPermissionId],
  }),
  "organizationRole.resourceScope.list": () => ({ roleId: f.userOrgRoleId }),
  "organizationRole.resourceScope.add": async () => ({
    roleId: await fresh.organizationRole(),
    scopeIds: [await fresh.scope()],
  }),
  "organizationRole.resourceScope.replace": async () => ({
    roleId: await fresh.organizationRole(),
    scopeIds: [await fresh.scope()],
  }),
  "organizationRole.resourceScope.remove": async () => {
    const roleId = await fresh.organizationRole();
    const scopeId = await fresh.scope();
    await db().organizationRoleApiScope.create({ data: { organizationRoleId: roleId, scopeId } });
    return { roleId, scopeId };
  },

  "organization.list": () => ({}),
  "organization.get": () => ({ id: f.organizationId }),
  "organization.create": () => ({ name: unique("org") }),
  "organization.update": async () => ({ id: await fresh.organization(), name: unique("org") }),
  "organization.delete": async () => ({ id: await fresh.organization() }),
  "organization.member.list": () => ({ organizationId: f.organizationId }),
  "organization.member.add": async () => ({
    organizationId: await fresh.organization(),
    userIds: [f.users.endUser.id],
  }),
  "organization.member.replace": async () => ({
    organizationId: await fresh.organization(),
    userIds: [f.users.endUser.id],
  }),
  "organization.member.remove": async () => {
    const { organizationId, userId } = await fresh.membership();
    return { organizationId, userId };
  },
  "organization.member.permissions": () => ({
    organizationId: f.organizationId,
    userId: f.users.organizationMember.id,
  }),
  "organization.member.role.list": () => ({
    organizationId: f.organizationId,
    userId: f.users.organizationMember.id,
  }),
  "organization.member.role.assign": async () => {
    const { organizationId, userId } = await fresh.membership();
    return { organizationId, userId, organizationRoleIds: [f.userOrgRoleId] };
  },
  "organization.member.role.replace": async () => {
    const { organizationId, userId } = await fresh.membership();
    return { organizationId, userId, organizationRoleIds: [] };
  },
  "organization.member.role.remove": async () => {
    const { organizationId, userId } = await fresh.membership();
    return { organizationId, userId, organizationRoleId: f.userOrgRoleId };
  },
  "organization.member.removeMany": async () => {
    const { organizationId, userId } = await fresh.membership();
    return { organizationId, userIds: [userId] };
  },
  "organization.member.role.assignMany": async () => {
    const { organizationId, userId } = await fresh.membership();
    return { organizationId, userIds: [userId], organizationRoleIds: [f.userOrgRoleId] };
  },
  "organization.jit.emailDomain.list": () => ({ organizationId: f.organizationId }),
  "organization.jit.emailDomain.add": async () => ({
    organizationId: await fresh.organization(),
    emailDomain: jitDomain(),
  }),
  "organization.jit.emailDomain.replace": async () => ({
    organizationId: await fresh.organization(),
    emailDomains: [jitDomain()],
  }),
  "organization.jit.emailDomain.remove": async () => {
    const { organizationId, emailDomain } = await freshJitOrganization();
    return { organizationId, emailDomain };
  },
  "organization.jit.role.list": () => ({ organizationId: f.organizationId }),
  "organization.jit.role.add": async () => ({
    organizationId: await fresh.organization(),
    organizationRoleIds: [f.userOrgRoleId],
  }),
  "organization.jit.role.replace": async () => ({
    organizationId: await fresh.organization(),
    organizationRoleIds: [f.userOrgRoleId],
  }),
  "organization.jit.role.remove": async () => ({
    organizationId: (await freshJitOrganization()).organizationId,
    organizationRoleId: f.userOrgRoleId,
  }),
  "organization.jit.ssoConnector.list": () => ({ organizationId: f.organizationId }),
  "organization.jit.ssoConnector.add": async () => ({
    organizationId: await fresh.organization(),
    ssoConnectorIds: [await freshSsoConnector()],
  }),
  "organization.jit.ssoConnector.replace": async () => ({
    organizationId: await fresh.organization(),
    ssoConnectorIds: [await freshSsoConnector()],
  }),
  "organization.jit.ssoConnector.remove": async () => {
    const { organizationId, ssoConnectorId } = await freshJitOrganization();
    return { organizationId, ssoConnectorId };
  },
  "organization.application.list": () => ({ organizationId: f.organizationId }),
  "organization.application.add": async () => ({
    organizationId: await fresh.organization(),
    applicationIds: [f.plainM2mId],
  }),
  "organization.application.remove": async () => {
    const { organizationId, applicationId } = await fresh.membership();
    return { organizationId, applicationId };
  },
  "organization.application.role.list": async () => {
    const { organizationId, applicationId } = await fresh.membership();
    return { organizationId, applicationId };
  },
  "organization.application.role.assign": async () => {
    const { organizationId, applicationId } = await fresh.membership();
    return { organizationId, applicationId, organizationRoleIds: [f.appOrgRoleId] };
  },
  "organization.application.role.replace": async () => {
    const { organizationId, applicationId } = await fresh.membership();
    return { organizationId, applicationId, organizationRoleIds: [] };
  },
  "organization.application.role.remove": async () => {
    const { organizationId, applicationId } = await fresh.membership();
    return { organizationId, applicationId, organizationRoleId: f.appOrgRoleId };
  },

  "user.list": () => ({}),
  "user.get": () => ({ id: f.users.endUser.id }),
  "user.create": () => ({ email: `${unique("new")}@example.com` }),
  "user.update": async () => ({ id: await fresh.admin(), password: "a-new-password-123" }),
  "user.delete": async () => ({ id: await fresh.admin() }),
  "user.deleteMany": async () => ({ ids: [await fresh.admin(), await fresh.user()] }),
  "user.setSuspended": async () => ({ id: await fresh.admin(), isSuspended: true }),
  "user.organizations": () => ({ id: f.users.organizationMember.id }),
  "user.access": () => ({ userId: f.users.admin.id }),
  "user.mfaFactors": () => ({ userId: f.users.admin.id }),
  "user.removeMfaFactor": async () => {
    const userId = await fresh.admin();
    return { userId, factorId: await fresh.factor(userId) };
  },
  "user.resetMfa": async () => {
    const userId = await fresh.admin();
    await fresh.factor(userId);
    return { userId };
  },
  "user.sendVerification": async () => ({ userId: await fresh.admin() }),
  "user.sendPasswordReset": async () => ({ userId: await fresh.admin() }),

  "signInExperience.get": () => undefined,
  // The default value: allowed callers change nothing the other cells depend on.
  "signInExperience.update": () => ({ registrationEnabled: true }),

  "consoleMember.list": () => undefined,
  "consoleMember.setRole": async () => ({ userId: await fresh.user(), role: "collaborator" }),
  "consoleMember.remove": async () => ({ userId: await fresh.collaborator() }),

  "application.list": () => ({}),
  "application.get": () => ({ id: f.managementApiAppId }),
  "application.create": () => ({ name: unique("app"), type: "MachineToMachine" }),
  "application.update": async () => ({
    id: (await fresh.managementApiApp()).id,
    accessTokenTtl: 86_400,
  }),
  "application.delete": async () => ({ id: (await fresh.managementApiApp()).id }),
  "application.secret.create": async () => ({
    applicationId: (await fresh.managementApiApp()).id,
    name: "Mine",
  }),
  "application.secret.delete": async () => {
    const app = await fresh.managementApiApp();
    return { applicationId: app.id, secretId: app.secretId };
  },
  "application.managementApiAccess": () => ({ applicationId: f.managementApiAppId }),
  "application.setManagementApiAccess": async () => ({
    applicationId: (await fresh.m2m()).id,
    enabled: true,
  }),

  "apiResource.list": () => ({}),
  "apiResource.get": () => ({ id: f.resourceId }),
  "apiResource.create": () => ({
    name: unique("api"),
    indicator: `https://${unique("api")}.example.com`,
  }),
  "apiResource.update": async () => ({ id: await fresh.resource(), name: unique("api") }),
  "apiResource.delete": async () => ({ id: await fresh.resource() }),
  "apiResource.scope.list": () => ({ resourceId: f.resourceId }),
  "apiResource.scope.create": () => ({ resourceId: f.resourceId, name: unique("write") }),
  "apiResource.scope.update": async () => ({
    resourceId: f.resourceId,
    id: await fresh.scope(),
    description: "Changed",
  }),
  "apiResource.scope.delete": async () => ({ resourceId: f.resourceId, id: await fresh.scope() }),

  "role.list": () => ({}),
  "role.get": () => ({ id: f.userRoleId }),
  "role.create": () => ({ name: unique("role"), type: "User" }),
  "role.update": async () => ({ id: await fresh.role(), name: unique("role") }),
  "role.delete": async () => ({ id: await fresh.role() }),
  "role.scope.list": () => ({ roleId: f.userRoleId }),
  "role.scope.assign": async () => ({ roleId: await fresh.role(), scopeIds: [f.scopeId] }),
  "role.scope.remove": async () => {
    const roleId = await fresh.role();
    await db().roleScope.create({ data: { roleId, scopeId: f.scopeId } });
    return { roleId, scopeId: f.scopeId };
  },
  "role.user.list": () => ({ roleId: f.userRoleId }),
  "role.user.assign": async () => ({ roleId: await fresh.role(), userIds: [f.users.endUser.id] }),
  "role.user.assignMany": async () => ({
    userIds: [f.users.endUser.id],
    roleIds: [await fresh.role()],
  }),
  "role.user.remove": async () => {
    const roleId = await fresh.role();
    await db().userRole.create({ data: { roleId, userId: f.users.endUser.id } });
    return { roleId, userId: f.users.endUser.id };
  },
  "role.application.list": () => ({ roleId: f.managementApiRoleId }),
  "role.application.assign": async () => ({
    roleId: f.managementApiRoleId,
    applicationIds: [(await fresh.m2m()).id],
  }),
  "role.application.remove": async () => ({
    roleId: f.managementApiRoleId,
    applicationId: (await fresh.managementApiApp()).id,
  }),
  "role.ofUser.list": () => ({ userId: f.users.endUser.id }),
  "role.ofUser.assign": async () => ({ userId: await fresh.user(), roleIds: [f.userRoleId] }),

  "signingKey.list": () => undefined,
  "signingKey.rotate": () => undefined,

  "webhook.eventNames": () => undefined,
  "webhook.list": () => ({}),
  "webhook.get": async () => ({ id: await freshWebhook() }),
  "webhook.create": () => webhookBody(),
  "webhook.update": async () => ({ id: await freshWebhook(), enabled: false }),
  "webhook.delete": async () => ({ id: await freshWebhook() }),
  "webhook.rotateSigningKey": async () => ({ id: await freshWebhook() }),
  "webhook.deliveries": async () => ({ webhookId: await freshWebhook() }),
  // 127.0.0.1 is refused by the address filter: a result, sent nowhere.
  "webhook.test": async () => ({ id: await freshWebhook(), events: ["User.Created"] }),
  "webhook.redeliver": () => freshDelivery(),

  "ssoConnector.providers": () => undefined,
  "ssoConnector.list": () => ({}),
  "ssoConnector.get": async () => ({ id: await freshSsoConnector() }),
  "ssoConnector.create": () => ssoConnectorBody(),
  "ssoConnector.update": async () => ({ id: await freshSsoConnector(), syncProfile: false }),
  "ssoConnector.delete": async () => ({ id: await freshSsoConnector() }),

  // An unknown token: the answer (404) is the same for everyone who may ask.
  "invitation.landing": () => ({ token: BOGUS_TOKEN }),
  "invitation.signUp": () => ({
    token: BOGUS_TOKEN,
    name: "Newcomer",
    password: "a-good-password",
  }),
  "invitation.accept": () => ({ token: BOGUS_TOKEN }),
  "invitation.decline": () => ({ token: BOGUS_TOKEN }),
  "invitation.list": () => ({ kind: "console" }),
  "invitation.get": () => ({ id: f.consoleInvitationId }),
  "invitation.create": () => ({
    consoleRole: "admin",
    invitees: [`${unique("invitee")}@example.com`],
  }),
  "invitation.resend": async () => ({ id: await fresh.consoleInvitation() }),
  "invitation.revoke": async () => ({ id: await fresh.consoleInvitation() }),

  "email.list": () => ({}),
  "email.get": () => ({ id: f.organizationEmailId }),
  // Not Failed: allowed callers get 409 email.not_failed, and nothing changes.
  "email.retry": () => ({ id: f.organizationEmailId }),
  "emailSettings.get": () => undefined,
  "emailSettings.sendTest": () => ({ to: "matrix-test@example.com" }),

  "auditLog.list": () => ({ pageSize: 5 }),
  "auditLog.get": async () => ({ id: await anAuditEntryId() }),
  "instanceSettings.get": () => undefined,
  // The default: allowed callers change nothing.
  "instanceSettings.update": () => ({ eventRetentionDays: 7 }),
  "instanceSettings.organizationCreation.get": () => undefined,
  // What the fixture set: allowed callers change nothing.
  "instanceSettings.organizationCreation.update": () => ({ policy: "everyone" }),

  "portal.myOrganizations": () => undefined,
  "portal.createOrganization": () => ({ name: unique("my-org") }),
  "portal.access": () => ({ organizationId: f.organizationId }),
  "portal.organization.get": () => ({ organizationId: f.organizationId }),
  "portal.organization.update": async () => ({
    id: (await fresh.portalOrganization({ other: false })).organizationId,
    name: unique("org"),
  }),
  "portal.roles": () => ({ organizationId: f.organizationId }),
  "portal.member.list": () => ({ organizationId: f.organizationId }),
  "portal.member.changeRoles": async () => ({
    ...(await fresh.portalOrganization()),
    organizationRoleIds: [],
  }),
  "portal.member.remove": () => fresh.portalOrganization(),
  "portal.invitation.list": () => ({ organizationId: f.organizationId }),
  "portal.invitation.create": async () => ({
    organizationId: (await fresh.portalOrganization({ other: false })).organizationId,
    invitee: `${unique("invitee")}@example.com`,
    organizationRoleIds: [f.userOrgRoleId],
  }),
  "portal.invitation.resend": async () => ({ id: await fresh.portalInvitation() }),
  "portal.invitation.revoke": async () => ({ id: await fresh.portalInvitation() }),
  "portal.membershipRequest.list": () => ({ organizationId: f.organizationId }),
  "portal.membershipRequest.decide": async () => {
    const { organizationId } = await fresh.portalOrganization({ other: false });
    const request = await db().organizationMembershipRequest.create({
      data: { organizationId, userId: await fresh.user() },
    });
    return { organizationId, requestId: request.id, decision: "decline" };
  },
  "portal.domain.list": () => ({ organizationId: f.organizationId }),
  // Emptying the list: a member may add only their own verified email's domain.
  "portal.domain.replace": async () => ({
    organizationId: (await fresh.portalOrganization({ other: false })).organizationId,
    emailDomains: [],
  }),
  "portal.audit.list": () => ({ organizationId: f.organizationId, pageSize: 5 }),
  // The only member leaves (nobody is left without an admin).
  "portal.leave": async () => ({
    organizationId: (await fresh.portalOrganization({ other: false })).organizationId,
  }),
};

/** Any audit entry (the fixtures' own writes left some). */
const anAuditEntryId = async () =>
  (await db().auditLog.findFirstOrThrow({ select: { id: true } })).id;

function sessionOf(actor: MatrixActor): ConsoleSession | null {
  switch (actor) {
    case "anonymous":
    case "m2m":
    case "m2mManagementApi":
      return null;
    case "endUser":
    case "organizationMember":
      return {
        userId: f.users[actor].id,
        email: f.users[actor].email,
        consoleRole: null,
        sessionToken: `matrix-session-${actor}`,
      };
    case "collaborator":
    case "admin":
      return {
        userId: f.users[actor].id,
        email: f.users[actor].email,
        consoleRole: actor,
        sessionToken: `matrix-session-${actor}`,
      };
  }
}

const createCaller = createCallerFactory(appRouter);

/** Calls a procedure by its dotted path; answers the tRPC error code, or "OK". */
async function callProcedure(path: string, actor: MatrixActor, input: unknown): Promise<string> {
  const caller = createCaller({
    db: h.db,
    session: sessionOf(actor),
    baseUrl: h.baseUrl,
    instanceSecret: INSTANCE_SECRET,
    emailTransport: { kind: "local", from: "Guildhall <no-reply@localhost>" },
    webAuthn: {
      rpId: new URL(h.baseUrl).hostname,
      rpName: "Guildhall",
      origin: new URL(h.baseUrl).origin,
    },
  });
  let target: unknown = caller;
  for (const segment of path.split(".")) target = (target as Record<string, unknown>)[segment];
  try {
    await (target as (input: unknown) => Promise<unknown>)(input);
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

const procedures = Object.keys(appRouter._def.procedures).sort();

function expected(row: MatrixRow | undefined, actor: MatrixActor): "allow" | "deny" {
  return row?.allow.includes(actor) ? "allow" : "deny";
}

describe("role matrix: tRPC", () => {
  it("has a row and an input for every procedure, and none for procedures that do not exist", () => {
    expect(
      procedures.filter((p) => !trpcMatrix[p]),
      "procedures missing from matrix.ts",
    ).toEqual([]);
    expect(
      procedures.filter((p) => !trpcInputs[p]),
      "procedures without an input in the test",
    ).toEqual([]);
    expect(
      Object.keys(trpcMatrix).filter((p) => !procedures.includes(p)),
      "rows for unknown procedures",
    ).toEqual([]);
  });

  it("answers every cell as the table says", async () => {
    const mismatches: string[] = [];
    for (const path of procedures) {
      const row = trpcMatrix[path];
      const input = trpcInputs[path];
      if (!row || !input) continue;
      for (const actor of ACTORS) {
        const code = await callProcedure(path, actor, await input());
        const denied = code === "UNAUTHORIZED" || code === "FORBIDDEN";
        const want = expected(row, actor);
        // An allowed cell must get past input validation too (and not crash): it proves the
        // input is valid, so the denied cells of the same row were refused for who called,
        // not for what.
        if (
          want === "deny"
            ? !denied
            : denied || code === "BAD_REQUEST" || code === "INTERNAL_SERVER_ERROR"
        ) {
          mismatches.push(`${path} as ${actor}: expected ${want}, got ${code}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    // ~700 calls in sequence: seconds alone, longer on a busy machine.
  }, 120_000);
});

// ---------------------------------------------------------------------------------------
// REST

interface RestRequest {
  path: string;
  body?: unknown;
}
type RestInput = () => RestRequest | Promise<RestRequest>;

const organizationScopeBody = () => ({ name: unique("scope") });

/** A valid request per route (path with real ids, and a body where it takes one). */
const restInputs: Record<string, RestInput> = {
  "GET /api/openapi.json": () => ({ path: "/api/openapi.json" }),

  "GET /api/organizations": () => ({ path: "/api/organizations" }),
  "POST /api/organizations": () => ({ path: "/api/organizations", body: { name: unique("org") } }),
  "GET /api/organizations/{id}": () => ({ path: `/api/organizations/${f.organizationId}` }),
  "PATCH /api/organizations/{id}": async () => ({
    path: `/api/organizations/${await fresh.organization()}`,
    body: { name: unique("org") },
  }),
  "DELETE /api/organizations/{id}": async () => ({
    path: `/api/organizations/${await fresh.organization()}`,
  }),
  "GET /api/organizations/{id}/users": () => ({
    path: `/api/organizations/${f.organizationId}/users`,
  }),
  "POST /api/organizations/{id}/users": async () => ({
    path: `/api/organizations/${await fresh.organization()}/users`,
    body: { userIds: [f.users.endUser.id] },
  }),
  "PUT /api/organizations/{id}/users": async () => ({
    path: `/api/organizations/${await fresh.organization()}/users`,
    body: { userIds: [f.users.endUser.id] },
  }),
  "DELETE /api/organizations/{id}/users/{userId}": async () => {
    const m = await fresh.membership();
    return { path: `/api/organizations/${m.organizationId}/users/${m.userId}` };
  },
  "POST /api/organizations/{id}/users/roles": async () => {
    const m = await fresh.membership();
    return {
      path: `/api/organizations/${m.organizationId}/users/roles`,
      body: { userIds: [m.userId], organizationRoleIds: [f.userOrgRoleId] },
    };
  },
  "GET /api/organizations/{id}/users/{userId}/roles": () => ({
    path: `/api/organizations/${f.organizationId}/users/${f.users.organizationMember.id}/roles`,
  }),
  "POST /api/organizations/{id}/users/{userId}/roles": async () => {
    const m = await fresh.membership();
    return {
      path: `/api/organizations/${m.organizationId}/users/${m.userId}/roles`,
      body: { organizationRoleIds: [f.userOrgRoleId] },
    };
  },
  "PUT /api/organizations/{id}/users/{userId}/roles": async () => {
    const m = await fresh.membership();
    return {
      path: `/api/organizations/${m.organizationId}/users/${m.userId}/roles`,
      body: { organizationRoleIds: [] },
    };
  },
  "DELETE /api/organizations/{id}/users/{userId}/roles/{organizationRoleId}": async () => {
    const m = await fresh.membership();
    return {
      path: `/api/organizations/${m.organizationId}/users/${m.userId}/roles/${f.userOrgRoleId}`,
    };
  },
  "GET /api/organizations/{id}/jit/email-domains": () => ({
    path: `/api/organizations/${f.organizationId}/jit/email-domains`,
  }),
  "POST /api/organizations/{id}/jit/email-domains": async () => ({
    path: `/api/organizations/${await fresh.organization()}/jit/email-domains`,
    body: { emailDomain: jitDomain() },
  }),
  "PUT /api/organizations/{id}/jit/email-domains": async () => ({
    path: `/api/organizations/${await fresh.organization()}/jit/email-domains`,
    body: { emailDomains: [jitDomain()] },
  }),
  "DELETE /api/organizations/{id}/jit/email-domains/{emailDomain}": async () => {
    const { organizationId, emailDomain } = await freshJitOrganization();
    return { path: `/api/organizations/${organizationId}/jit/email-domains/${emailDomain}` };
  },
  "GET /api/organizations/{id}/jit/roles": () => ({
    path: `/api/organizations/${f.organizationId}/jit/roles`,
  }),
  "POST /api/organizations/{id}/jit/roles": async () => ({
    path: `/api/organizations/${await fresh.organization()}/jit/roles`,
    body: { organizationRoleIds: [f.userOrgRoleId] },
  }),
  "PUT /api/organizations/{id}/jit/roles": async () => ({
    path: `/api/organizations/${await fresh.organization()}/jit/roles`,
    body: { organizationRoleIds: [f.userOrgRoleId] },
  }),
  "DELETE /api/organizations/{id}/jit/roles/{organizationRoleId}": async () => {
    const { organizationId } = await freshJitOrganization();
    return { path: `/api/organizations/${organizationId}/jit/roles/${f.userOrgRoleId}` };
  },
  "GET /api/organizations/{id}/jit/sso-connectors": () => ({
    path: `/api/organizations/${f.organizationId}/jit/sso-connectors`,
  }),
  "POST /api/organizations/{id}/jit/sso-connectors": async () => ({
    path: `/api/organizations/${await fresh.organization()}/jit/sso-connectors`,
    body: { ssoConnectorIds: [await freshSsoConnector()] },
  }),
  "PUT /api/organizations/{id}/jit/sso-connectors": async () => ({
    path: `/api/organizations/${await fresh.organization()}/jit/sso-connectors`,
    body: { ssoConnectorIds: [await freshSsoConnector()] },
  }),
  "DELETE /api/organizations/{id}/jit/sso-connectors/{ssoConnectorId}": async () => {
    const { organizationId, ssoConnectorId } = await freshJitOrganization();
    return { path: `/api/organizations/${organizationId}/jit/sso-connectors/${ssoConnectorId}` };
  },
  "GET /api/organizations/{id}/users/{userId}/scopes": () => ({
    path: `/api/organizations/${f.organizationId}/users/${f.users.organizationMember.id}/scopes`,
  }),

  "GET /api/organization-roles": () => ({ path: "/api/organization-roles" }),
  "POST /api/organization-roles": () => ({
    path: "/api/organization-roles",
    body: { name: unique("orgrole") },
  }),
  "GET /api/organization-roles/{id}": () => ({
    path: `/api/organization-roles/${f.userOrgRoleId}`,
  }),
  "PATCH /api/organization-roles/{id}": async () => ({
    path: `/api/organization-roles/${await fresh.organizationRole()}`,
    body: { name: unique("orgrole") },
  }),
  "DELETE /api/organization-roles/{id}": async () => ({
    path: `/api/organization-roles/${await fresh.organizationRole()}`,
  }),
  "GET /api/organization-roles/{id}/scopes": () => ({
    path: `/api/organization-roles/${f.userOrgRoleId}/scopes`,
  }),
  "POST /api/organization-roles/{id}/scopes": async () => ({
    path: `/api/organization-roles/${await fresh.organizationRole()}/scopes`,
    body: { organizationScopeIds: [f.organizationPermissionId] },
  }),
  "PUT /api/organization-roles/{id}/scopes": async () => ({
    path: `/api/organization-roles/${await fresh.organizationRole()}/scopes`,
    body: { organizationScopeIds: [f.organizationPermissionId] },
  }),
  "DELETE /api/organization-roles/{id}/scopes/{organizationScopeId}": async () => {
    const roleId = await fresh.organizationRole();
    await db().organizationRolePermission.create({
      data: { roleId, permissionId: f.organizationPermissionId },
    });
    return { path: `/api/organization-roles/${roleId}/scopes/${f.organizationPermissionId}` };
  },
  "GET /api/organization-roles/{id}/resource-scopes": () => ({
    path: `/api/organization-roles/${f.userOrgRoleId}/resource-scopes`,
  }),
  "POST /api/organization-roles/{id}/resource-scopes": async () => ({
    path: `/api/organization-roles/${await fresh.organizationRole()}/resource-scopes`,
    body: { scopeIds: [await fresh.scope()] },
  }),
  "PUT /api/organization-roles/{id}/resource-scopes": async () => ({
    path: `/api/organization-roles/${await fresh.organizationRole()}/resource-scopes`,
    body: { scopeIds: [await fresh.scope()] },
  }),
  "DELETE /api/organization-roles/{id}/resource-scopes/{scopeId}": async () => {
    const roleId = await fresh.organizationRole();
    const scopeId = await fresh.scope();
    await db().organizationRoleApiScope.create({ data: { organizationRoleId: roleId, scopeId } });
    return { path: `/api/organization-roles/${roleId}/resource-scopes/${scopeId}` };
  },

  "GET /api/organization-scopes": () => ({ path: "/api/organization-scopes" }),
  "POST /api/organization-scopes": () => ({
    path: "/api/organization-scopes",
    body: organizationScopeBody(),
  }),
  "GET /api/organization-scopes/{id}": () => ({
    path: `/api/organization-scopes/${f.organizationPermissionId}`,
  }),
  "PATCH /api/organization-scopes/{id}": async () => ({
    path: `/api/organization-scopes/${await fresh.organizationPermission()}`,
    body: organizationScopeBody(),
  }),
  "DELETE /api/organization-scopes/{id}": async () => ({
    path: `/api/organization-scopes/${await fresh.organizationPermission()}`,
  }),

  "GET /api/users": () => ({ path: "/api/users" }),
  "POST /api/users": () => ({
    path: "/api/users",
    body: { primaryEmail: `${unique("new")}@example.com` },
  }),
  "GET /api/users/{userId}": () => ({ path: `/api/users/${f.users.endUser.id}` }),
  "PATCH /api/users/{userId}": async () => ({
    path: `/api/users/${await fresh.admin()}`,
    body: { primaryEmail: `${unique("moved")}@example.com` },
  }),
  "PATCH /api/users/{userId}/profile": () => ({
    path: `/api/users/${f.users.endUser.id}/profile`,
    body: { profile: { nickname: "Endy" } },
  }),
  "DELETE /api/users/{userId}": async () => ({ path: `/api/users/${await fresh.admin()}` }),
  "PATCH /api/users/{userId}/password": async () => ({
    path: `/api/users/${await fresh.admin()}/password`,
    body: { password: "a-new-password-123" },
  }),
  "PATCH /api/users/{userId}/is-suspended": async () => ({
    path: `/api/users/${await fresh.admin()}/is-suspended`,
    body: { isSuspended: true },
  }),
  "GET /api/users/{userId}/organizations": () => ({
    path: `/api/users/${f.users.organizationMember.id}/organizations`,
  }),
  // A wrong password: allowed callers get 422, denied ones 401/403.
  "POST /api/users/{userId}/password/verify": async () => ({
    path: `/api/users/${await fresh.admin()}/password/verify`,
    body: { password: "not-their-password" },
  }),
  "GET /api/users/{userId}/has-password": () => ({
    path: `/api/users/${f.users.admin.id}/has-password`,
  }),
  "GET /api/users/{userId}/mfa-verifications": () => ({
    path: `/api/users/${f.users.admin.id}/mfa-verifications`,
  }),
  "DELETE /api/users/{userId}/mfa-verifications/{verificationId}": async () => {
    const userId = await fresh.admin();
    return { path: `/api/users/${userId}/mfa-verifications/${await fresh.factor(userId)}` };
  },

  "GET /api/sign-in-exp": () => ({ path: "/api/sign-in-exp" }),
  "PATCH /api/sign-in-exp": () => ({
    path: "/api/sign-in-exp",
    body: { signInMode: "SignInAndRegister" },
  }),

  "GET /api/applications": () => ({ path: "/api/applications" }),
  "POST /api/applications": () => ({
    path: "/api/applications",
    body: { name: unique("app"), type: "MachineToMachine" },
  }),
  "GET /api/applications/{id}": () => ({ path: `/api/applications/${f.managementApiAppId}` }),
  "PATCH /api/applications/{id}": async () => ({
    path: `/api/applications/${(await fresh.managementApiApp()).id}`,
    body: { customClientMetadata: { accessTokenTtl: 900 } },
  }),
  "DELETE /api/applications/{id}": async () => ({
    path: `/api/applications/${(await fresh.managementApiApp()).id}`,
  }),

  "GET /api/organizations/{id}/applications": () => ({
    path: `/api/organizations/${f.organizationId}/applications`,
  }),
  "POST /api/organizations/{id}/applications": async () => ({
    path: `/api/organizations/${await fresh.organization()}/applications`,
    body: { applicationIds: [f.plainM2mId] },
  }),
  "PUT /api/organizations/{id}/applications": async () => ({
    path: `/api/organizations/${await fresh.organization()}/applications`,
    body: { applicationIds: [f.plainM2mId] },
  }),
  "DELETE /api/organizations/{id}/applications/{applicationId}": async () => {
    const m = await fresh.membership();
    return { path: `/api/organizations/${m.organizationId}/applications/${m.applicationId}` };
  },
  "POST /api/organizations/{id}/applications/roles": async () => {
    const m = await fresh.membership();
    return {
      path: `/api/organizations/${m.organizationId}/applications/roles`,
      body: { applicationIds: [m.applicationId], organizationRoleIds: [f.appOrgRoleId] },
    };
  },
  "GET /api/organizations/{id}/applications/{applicationId}/roles": async () => {
    const m = await fresh.membership();
    return { path: `/api/organizations/${m.organizationId}/applications/${m.applicationId}/roles` };
  },
  "POST /api/organizations/{id}/applications/{applicationId}/roles": async () => {
    const m = await fresh.membership();
    return {
      path: `/api/organizations/${m.organizationId}/applications/${m.applicationId}/roles`,
      body: { organizationRoleIds: [f.appOrgRoleId] },
    };
  },
  "PUT /api/organizations/{id}/applications/{applicationId}/roles": async () => {
    const m = await fresh.membership();
    return {
      path: `/api/organizations/${m.organizationId}/applications/${m.applicationId}/roles`,
      body: { organizationRoleIds: [] },
    };
  },
  "DELETE /api/organizations/{id}/applications/{applicationId}/roles/{organizationRoleId}":
    async () => {
      const m = await fresh.membership();
      return {
        path: `/api/organizations/${m.organizationId}/applications/${m.applicationId}/roles/${f.appOrgRoleId}`,
      };
    },

  "GET /api/organization-invitations": () => ({ path: "/api/organization-invitations" }),
  "POST /api/organization-invitations": () => ({
    path: "/api/organization-invitations",
    body: {
      organizationId: f.organizationId,
      invitee: `${unique("invitee")}@example.com`,
      messagePayload: false,
    },
  }),
  "GET /api/organization-invitations/{id}": () => ({
    path: `/api/organization-invitations/${f.organizationInvitationId}`,
  }),
  "DELETE /api/organization-invitations/{id}": async () => ({
    path: `/api/organization-invitations/${await fresh.organizationInvitation()}`,
  }),
  "PUT /api/organization-invitations/{id}/status": async () => ({
    path: `/api/organization-invitations/${await fresh.organizationInvitation()}/status`,
    body: { status: "Revoked" },
  }),
  "POST /api/organization-invitations/{id}/message": async () => ({
    path: `/api/organization-invitations/${await fresh.organizationInvitation()}/message`,
    body: {},
  }),

  "GET /api/resources": () => ({ path: "/api/resources" }),
  "POST /api/resources": () => ({
    path: "/api/resources",
    body: { name: unique("api"), indicator: `https://${unique("api")}.example.com` },
  }),
  "GET /api/resources/{id}": () => ({ path: `/api/resources/${f.resourceId}` }),
  "PATCH /api/resources/{id}": async () => ({
    path: `/api/resources/${await fresh.resource()}`,
    body: { name: unique("api") },
  }),
  "DELETE /api/resources/{id}": async () => ({ path: `/api/resources/${await fresh.resource()}` }),
  "GET /api/resources/{id}/scopes": () => ({ path: `/api/resources/${f.resourceId}/scopes` }),
  "POST /api/resources/{id}/scopes": () => ({
    path: `/api/resources/${f.resourceId}/scopes`,
    body: { name: unique("write") },
  }),
  "PATCH /api/resources/{id}/scopes/{scopeId}": async () => ({
    path: `/api/resources/${f.resourceId}/scopes/${await fresh.scope()}`,
    body: { description: "Changed" },
  }),
  "DELETE /api/resources/{id}/scopes/{scopeId}": async () => ({
    path: `/api/resources/${f.resourceId}/scopes/${await fresh.scope()}`,
  }),

  "GET /api/roles": () => ({ path: "/api/roles" }),
  "POST /api/roles": () => ({ path: "/api/roles", body: { name: unique("role"), type: "User" } }),
  "GET /api/roles/{id}": () => ({ path: `/api/roles/${f.userRoleId}` }),
  "PATCH /api/roles/{id}": async () => ({
    path: `/api/roles/${await fresh.role()}`,
    body: { name: unique("role") },
  }),
  "DELETE /api/roles/{id}": async () => ({ path: `/api/roles/${await fresh.role()}` }),
  "GET /api/roles/{id}/scopes": () => ({ path: `/api/roles/${f.userRoleId}/scopes` }),
  "POST /api/roles/{id}/scopes": async () => ({
    path: `/api/roles/${await fresh.role()}/scopes`,
    body: { scopeIds: [f.scopeId] },
  }),
  "DELETE /api/roles/{id}/scopes/{scopeId}": async () => {
    const roleId = await fresh.role();
    await db().roleScope.create({ data: { roleId, scopeId: f.scopeId } });
    return { path: `/api/roles/${roleId}/scopes/${f.scopeId}` };
  },
  "GET /api/roles/{id}/users": () => ({ path: `/api/roles/${f.userRoleId}/users` }),
  "POST /api/roles/{id}/users": async () => ({
    path: `/api/roles/${await fresh.role()}/users`,
    body: { userIds: [f.users.endUser.id] },
  }),
  "DELETE /api/roles/{id}/users/{userId}": async () => {
    const roleId = await fresh.role();
    await db().userRole.create({ data: { roleId, userId: f.users.endUser.id } });
    return { path: `/api/roles/${roleId}/users/${f.users.endUser.id}` };
  },
  "GET /api/roles/{id}/applications": () => ({
    path: `/api/roles/${f.managementApiRoleId}/applications`,
  }),
  "POST /api/roles/{id}/applications": async () => ({
    path: `/api/roles/${f.managementApiRoleId}/applications`,
    body: { applicationIds: [(await fresh.m2m()).id] },
  }),
  "DELETE /api/roles/{id}/applications/{applicationId}": async () => ({
    path: `/api/roles/${f.managementApiRoleId}/applications/${(await fresh.managementApiApp()).id}`,
  }),

  "GET /api/users/{userId}/roles": () => ({ path: `/api/users/${f.users.endUser.id}/roles` }),
  "POST /api/users/{userId}/roles": async () => ({
    path: `/api/users/${await fresh.user()}/roles`,
    body: { roleIds: [f.userRoleId] },
  }),
  "DELETE /api/users/{userId}/roles/{roleId}": async () => {
    const userId = await fresh.user();
    await db().userRole.create({ data: { roleId: f.userRoleId, userId } });
    return { path: `/api/users/${userId}/roles/${f.userRoleId}` };
  },

  "GET /api/hooks": () => ({ path: "/api/hooks" }),
  "POST /api/hooks": () => ({ path: "/api/hooks", body: webhookBody() }),
  "GET /api/hooks/{id}": async () => ({ path: `/api/hooks/${await freshWebhook()}` }),
  "PATCH /api/hooks/{id}": async () => ({
    path: `/api/hooks/${await freshWebhook()}`,
    body: { enabled: false },
  }),
  "DELETE /api/hooks/{id}": async () => ({ path: `/api/hooks/${await freshWebhook()}` }),
  "GET /api/hooks/{id}/recent-logs": async () => ({
    path: `/api/hooks/${await freshWebhook()}/recent-logs`,
  }),
  // Refused by the address filter: 422 for allowed callers, nothing sent.
  "POST /api/hooks/{id}/test": async () => ({
    path: `/api/hooks/${await freshWebhook()}/test`,
    body: { events: ["User.Created"], config: { url: "http://127.0.0.1:9/hook" } },
  }),
  "PATCH /api/hooks/{id}/signing-key": async () => ({
    path: `/api/hooks/${await freshWebhook()}/signing-key`,
  }),
  "POST /api/hooks/{id}/deliveries/{deliveryId}/redeliver": async () => {
    const { webhookId, deliveryId } = await freshDelivery();
    return { path: `/api/hooks/${webhookId}/deliveries/${deliveryId}/redeliver` };
  },

  "GET /api/sso-connector-providers": () => ({ path: "/api/sso-connector-providers" }),
  "GET /api/sso-connectors": () => ({ path: "/api/sso-connectors" }),
  "POST /api/sso-connectors": () => ({ path: "/api/sso-connectors", body: ssoConnectorBody() }),
  "GET /api/sso-connectors/{id}": async () => ({
    path: `/api/sso-connectors/${await freshSsoConnector()}`,
  }),
  "PATCH /api/sso-connectors/{id}": async () => ({
    path: `/api/sso-connectors/${await freshSsoConnector()}`,
    body: { syncProfile: false },
  }),
  "DELETE /api/sso-connectors/{id}": async () => ({
    path: `/api/sso-connectors/${await freshSsoConnector()}`,
  }),

  "GET /api/audit-logs": () => ({ path: "/api/audit-logs?page_size=5" }),
  "GET /api/audit-logs/{id}": async () => ({ path: `/api/audit-logs/${await anAuditEntryId()}` }),
  "GET /api/organizations/{id}/audit-logs": () => ({
    path: `/api/organizations/${f.organizationId}/audit-logs`,
  }),
  // The organization API: denied before the ids are looked at, so placeholders do.
  "GET /api/my/organizations": () => ({ path: `/api/my/organizations` }),
  "POST /api/my/organizations": () => ({ path: `/api/my/organizations`, body: { name: "Mine" } }),
  "GET /api/my/organization-suggestions": () => ({ path: `/api/my/organization-suggestions` }),
  "POST /api/my/membership-requests": () => ({
    path: `/api/my/membership-requests`,
    body: { organizationId: f.organizationId },
  }),
  "GET /api/my/organizations/{organizationId}": () => ({
    path: `/api/my/organizations/${f.organizationId}`,
  }),
  "PATCH /api/my/organizations/{organizationId}": () => ({
    path: `/api/my/organizations/${f.organizationId}`,
    body: { description: "x" },
  }),
  "DELETE /api/my/organizations/{organizationId}/membership": () => ({
    path: `/api/my/organizations/${f.organizationId}/membership`,
  }),
  "GET /api/my/organizations/{organizationId}/roles": () => ({
    path: `/api/my/organizations/${f.organizationId}/roles`,
  }),
  "GET /api/my/organizations/{organizationId}/users": () => ({
    path: `/api/my/organizations/${f.organizationId}/users`,
  }),
  "PUT /api/my/organizations/{organizationId}/users/{userId}/roles": () => ({
    path: `/api/my/organizations/${f.organizationId}/users/some-user/roles`,
    body: { organizationRoleIds: [] },
  }),
  "DELETE /api/my/organizations/{organizationId}/users/{userId}": () => ({
    path: `/api/my/organizations/${f.organizationId}/users/some-user`,
  }),
  "GET /api/my/organizations/{organizationId}/invitations": () => ({
    path: `/api/my/organizations/${f.organizationId}/invitations`,
  }),
  "POST /api/my/organizations/{organizationId}/invitations": () => ({
    path: `/api/my/organizations/${f.organizationId}/invitations`,
    body: { invitee: "someone@example.com" },
  }),
  "POST /api/my/organizations/{organizationId}/invitations/{invitationId}/resend": () => ({
    path: `/api/my/organizations/${f.organizationId}/invitations/some-invitation/resend`,
  }),
  "POST /api/my/organizations/{organizationId}/invitations/{invitationId}/revoke": () => ({
    path: `/api/my/organizations/${f.organizationId}/invitations/some-invitation/revoke`,
  }),
  "GET /api/my/organizations/{organizationId}/membership-requests": () => ({
    path: `/api/my/organizations/${f.organizationId}/membership-requests`,
  }),
  "POST /api/my/organizations/{organizationId}/membership-requests/{requestId}/approve": () => ({
    path: `/api/my/organizations/${f.organizationId}/membership-requests/some-request/approve`,
  }),
  "POST /api/my/organizations/{organizationId}/membership-requests/{requestId}/decline": () => ({
    path: `/api/my/organizations/${f.organizationId}/membership-requests/some-request/decline`,
  }),
  "GET /api/my/organizations/{organizationId}/jit/email-domains": () => ({
    path: `/api/my/organizations/${f.organizationId}/jit/email-domains`,
  }),
  "PUT /api/my/organizations/{organizationId}/jit/email-domains": () => ({
    path: `/api/my/organizations/${f.organizationId}/jit/email-domains`,
    body: { emailDomains: [] },
  }),
  "GET /api/my/organizations/{organizationId}/audit-logs": () => ({
    path: `/api/my/organizations/${f.organizationId}/audit-logs`,
  }),
  "GET /api/configs/retention": () => ({ path: "/api/configs/retention" }),
  "PATCH /api/configs/retention": () => ({
    path: "/api/configs/retention",
    body: { eventRetentionDays: 7 },
  }),
};

const routeKeys = () => h.api.routes.map((r) => `${r.method} ${r.path}`).sort();

describe("role matrix: REST Management API", () => {
  it("has a row and a request for every route, and none for routes that do not exist", () => {
    const keys = routeKeys();
    expect(
      keys.filter((k) => !restMatrix[k]),
      "routes missing from matrix.ts",
    ).toEqual([]);
    expect(
      keys.filter((k) => !restInputs[k]),
      "routes without a request in the test",
    ).toEqual([]);
    expect(
      Object.keys(restMatrix).filter((k) => !keys.includes(k)),
      "rows for unknown routes",
    ).toEqual([]);
  });

  it("answers every cell as the table says", async () => {
    const mismatches: string[] = [];
    for (const key of routeKeys()) {
      const row = restMatrix[key];
      const build = restInputs[key];
      if (!row || !build) continue;
      const method = key.slice(0, key.indexOf(" "));
      for (const actor of ACTORS) {
        const { path, body } = await build();
        const token = actor === "anonymous" ? null : f.tokens[actor];
        const response = await h.call(
          method,
          path,
          body === undefined ? { token } : { token, body },
        );
        const denied = response.status === 401 || response.status === 403;
        const want = expected(row, actor);
        if (
          want === "deny" ? !denied : denied || response.status === 400 || response.status >= 500
        ) {
          mismatches.push(
            `${key} as ${actor}: expected ${want}, got ${response.status} ${response.text.slice(0, 160)}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    // ~700 calls in sequence: seconds alone, longer on a busy machine.
  }, 120_000);

  it("still lets a Management API caller manage an application holding the Management API role", async () => {
    const app = await fresh.managementApiApp();
    const token = f.tokens.m2mManagementApi;
    const patched = await h.call("PATCH", `/api/applications/${app.id}`, {
      token,
      body: { customClientMetadata: { accessTokenTtl: 600 } },
    });
    expect(patched.status).toBe(200);
    expect((await h.call("DELETE", `/api/applications/${app.id}`, { token })).status).toBe(204);
    expect(await db().application.count({ where: { id: app.id } })).toBe(0);
  });
});

describe("role matrix: event stream", () => {
  it("answers every cell as the table says", async () => {
    const pump = startEventPump({ db: db(), intervalMs: 50, expireInvitationsEveryMs: 0 });
    // A machine-to-machine app without the Management API gets an opaque client_credentials
    // token from the provider (it cannot get one for the Management API); the stream asks the
    // provider about it. Everyone else presents the tokens of the REST cells.
    const opaque = new Map([["opaque-client-credentials-token", f.plainM2mId]]);
    const stream = createEventStream({
      db: db(),
      pump,
      authenticate: createEventStreamAuthenticator({
        managementApi: h.authenticate,
        findClientCredentials: (token) => Promise.resolve(opaque.get(token)),
      }),
    });
    const server = createServer((req, res) => {
      if (!stream.handle(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const mismatches: string[] = [];
    try {
      for (const [key, row] of Object.entries(streamMatrix)) {
        const [method, path] = key.split(" ") as [string, string];
        for (const actor of ACTORS) {
          const token =
            actor === "anonymous"
              ? null
              : actor === "m2m"
                ? "opaque-client-credentials-token"
                : f.tokens[actor];
          const controller = new AbortController();
          const response = await fetch(`${url}${path}`, {
            method,
            headers: token ? { authorization: `Bearer ${token}` } : {},
            signal: controller.signal,
          });
          controller.abort();
          const denied = response.status === 401 || response.status === 403;
          const want = expected(row, actor);
          if (want === "deny" ? !denied : response.status !== 200)
            mismatches.push(`${key} as ${actor}: expected ${want}, got ${response.status}`);
        }
      }
    } finally {
      stream.close();
      await pump.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(mismatches).toEqual([]);
  });
});
