import { organizationPermissionRouter } from "./routers/organization-permission.ts";
import { organizationRoleRouter } from "./routers/organization-role.ts";
import { organizationRouter } from "./routers/organization.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  organizationPermission: organizationPermissionRouter,
  organizationRole: organizationRoleRouter,
  organization: organizationRouter,
});

export type AppRouter = typeof appRouter;
