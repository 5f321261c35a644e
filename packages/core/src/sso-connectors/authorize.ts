import {
  assertAdminOrManagementApi,
  assertCanManageTenant,
  type ServiceContext,
} from "../context.ts";

/**
 * Changing connectors is for console admins and the Management API: a connector holds a
 * client secret and decides which IdP may vouch for whom, so whoever edits it can sign in
 * as anyone of its domains.
 * @throws auth.forbidden
 */
export function assertMayChangeSsoConnectors(ctx: ServiceContext): void {
  assertAdminOrManagementApi(ctx, "Only console admins can add, change or delete SSO connectors.");
}

/** Seeing connectors (never their secrets): every console member and the Management API. */
export function assertMaySeeSsoConnectors(ctx: ServiceContext): void {
  assertCanManageTenant(ctx);
}
