/**
 * A link to another signed-out page (sign-up, forgot password) that keeps where the user
 * was going and the organization an app asked for, so its branding and the way back
 * survive the detour.
 * @example authPageHref("/sign-up", { callbackUrl: "/interaction/abc", organizationId: "org_1" })
 */
export function authPageHref(
  path: string,
  { callbackUrl, organizationId }: { callbackUrl?: string; organizationId?: string | null },
): string {
  const params = new URLSearchParams();
  if (callbackUrl && callbackUrl !== "/") params.set("callbackUrl", callbackUrl);
  if (organizationId) params.set("organization_id", organizationId);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
