import { accountRouter } from "./routers/account.ts";
import { apiResourceRouter } from "./routers/api-resource.ts";
import { applicationRouter } from "./routers/application.ts";
import { consoleMemberRouter } from "./routers/console-member.ts";
import { organizationPermissionRouter } from "./routers/organization-permission.ts";
import { organizationRoleRouter } from "./routers/organization-role.ts";
import { organizationRouter } from "./routers/organization.ts";
import { overviewRouter } from "./routers/overview.ts";
import { roleRouter } from "./routers/role.ts";
import { signInExperienceRouter } from "./routers/sign-in-experience.ts";
import { userRouter } from "./routers/user.ts";
import { signingKeyRouter } from "./routers/signing-key.ts";
import { ssoConnectorRouter } from "./routers/sso-connector.ts";
import { emailRouter, invitationRouter } from "./routers/invitation.ts";
import { emailSettingsRouter } from "./routers/email-settings.ts";
import { webhookRouter } from "./routers/webhook.ts";
import { auditLogRouter } from "./routers/audit-log.ts";
import { instanceSettingsRouter } from "./routers/instance-settings.ts";
import { portalRouter } from "./routers/portal.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  overview: overviewRouter,
  organizationPermission: organizationPermissionRouter,
  organizationRole: organizationRoleRouter,
  organization: organizationRouter,
  user: userRouter,
  consoleMember: consoleMemberRouter,
  application: applicationRouter,
  apiResource: apiResourceRouter,
  role: roleRouter,
  signingKey: signingKeyRouter,
  ssoConnector: ssoConnectorRouter,
  invitation: invitationRouter,
  email: emailRouter,
  emailSettings: emailSettingsRouter,
  signInExperience: signInExperienceRouter,
  account: accountRouter,
  webhook: webhookRouter,
  auditLog: auditLogRouter,
  instanceSettings: instanceSettingsRouter,
  portal: portalRouter,
});

export type AppRouter = typeof appRouter;
