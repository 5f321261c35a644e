import { isSafeLookup } from "./safe-input.ts";

/**
 * The `organization_id` an app put on its authorization request (for branding and the
 * organization's MFA requirement), when it is text the database can look up.
 */
export function requestedOrganizationId(params: Record<string, unknown>): string | undefined {
  const value = params.organization_id;
  return typeof value === "string" && isSafeLookup(value) ? value : undefined;
}
