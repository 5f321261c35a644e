import type { AnyRoute } from "../router.ts";
import { apiResourceRoutes } from "./api-resources.ts";
import { applicationRoutes } from "./applications.ts";
import { auditLogRoutes } from "./audit-logs.ts";
import { hookRoutes } from "./hooks.ts";
import { myOrganizationRoutes } from "./my-organizations.ts";
import { organizationApplicationRoutes } from "./organization-applications.ts";
import { organizationInvitationRoutes } from "./organization-invitations.ts";
import { organizationJitRoutes } from "./organization-jit.ts";
import { organizationRoleRoutes } from "./organization-roles.ts";
import { organizationScopeRoutes } from "./organization-scopes.ts";
import { organizationUserRoutes } from "./organization-users.ts";
import { organizationRoutes } from "./organizations.ts";
import { roleRoutes } from "./roles.ts";
import { signInExperienceRoutes } from "./sign-in-experience.ts";
import { ssoConnectorRoutes } from "./sso-connectors.ts";
import { userMfaVerificationRoutes } from "./user-mfa-verifications.ts";
import { userRoleRoutes } from "./user-roles.ts";
import { userRoutes } from "./users.ts";

/**
 * Every resource route of the Management API. A new area (invitations, applications, JIT,
 * resources) is one more file exporting its routes, spread in here.
 */
export const resourceRoutes: readonly AnyRoute[] = [
  ...organizationRoutes,
  ...organizationUserRoutes,
  ...organizationJitRoutes,
  ...organizationRoleRoutes,
  ...organizationScopeRoutes,
  ...userRoutes,
  ...userMfaVerificationRoutes,
  ...applicationRoutes,
  ...organizationApplicationRoutes,
  ...organizationInvitationRoutes,
  ...apiResourceRoutes,
  ...roleRoutes,
  ...userRoleRoutes,
  ...signInExperienceRoutes,
  ...ssoConnectorRoutes,
  ...hookRoutes,
  ...myOrganizationRoutes,
  ...auditLogRoutes,
];
