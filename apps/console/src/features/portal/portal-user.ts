import "server-only";
import { getMyOrganization, isDomainError } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { MyOrganization } from "@guildhall/validators";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getSessionUser } from "@/auth/session";
import type { SessionUser } from "@/auth/session-user";
import { publicBaseUrl } from "@/env";
import { authPageHref } from "@/features/sign-in/links";
import { safeRedirectTarget } from "@/lib/urls";
import { portalOrganizationHref } from "./links";

/**
 * The signed-in user, any account; otherwise off to sign-in with a callbackUrl back here.
 * On an organization's page the sign-in carries `organization_id`, so it shows that
 * organization's branding.
 */
export async function requirePortalUser(organizationId?: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (user) return user;
  const fallback = organizationId ? portalOrganizationHref(organizationId) : "/portal";
  const path = safeRedirectTarget(
    (await headers()).get("x-guildhall-path"),
    publicBaseUrl(),
    fallback,
  );
  redirect(authPageHref("/sign-in", { callbackUrl: path, organizationId }));
}

/**
 * The user's organization with their roles and permissions there, or null when they are not
 * a member (or the id names no organization: core answers both alike). One read per request.
 */
export const loadMyOrganization = cache(
  async (userId: string, organizationId: string): Promise<MyOrganization | null> => {
    try {
      return await getMyOrganization(
        { db: getDb(), actor: { type: "user", userId } },
        { organizationId },
      );
    } catch (error) {
      if (
        isDomainError(error) &&
        (error.code === "auth.forbidden" || error.code === "guard.invalid_input")
      )
        return null;
      throw error;
    }
  },
);
