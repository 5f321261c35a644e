/** The signed-in user, from the ID token Guildhall issued at sign-in. */
export interface SessionUser {
  sub: string;
  name?: string;
  email?: string;
  /** `organizations` claim: ids of the organizations the user is a member of. */
  organizations: string[];
  /** `organization_roles` claim: `"<organizationId>:<role>"` entries. */
  organizationRoles: string[];
}

export interface OrganizationSummary {
  id: string;
  roles: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === "string" && v !== "")
    : [];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Keeps the ID-token claims the app shows. */
export function sessionUserFromClaims(claims: Record<string, unknown>): SessionUser {
  const sub = optionalString(claims.sub);
  if (!sub) throw new Error("The ID token has no subject.");
  const name = optionalString(claims.name);
  const email = optionalString(claims.email);
  return {
    sub,
    ...(name === undefined ? {} : { name }),
    ...(email === undefined ? {} : { email }),
    organizations: strings(claims.organizations),
    organizationRoles: strings(claims.organization_roles),
  };
}

/**
 * The user's organizations with their roles in each, in the order of the `organizations`
 * claim. The ID token carries ids only: Guildhall has no end-user endpoint for names.
 */
export function organizationsOf(user: SessionUser): OrganizationSummary[] {
  const roles = new Map<string, string[]>(user.organizations.map((id) => [id, []]));
  for (const entry of user.organizationRoles) {
    const colon = entry.indexOf(":");
    if (colon <= 0) continue;
    const id = entry.slice(0, colon);
    const role = entry.slice(colon + 1);
    const list = roles.get(id) ?? [];
    if (role && !list.includes(role)) list.push(role);
    roles.set(id, list);
  }
  return [...roles].map(([id, list]) => ({ id, roles: list.sort() }));
}

/**
 * The payload of a JWT, without verifying it. Only for display of a token the app just
 * received from Guildhall's token endpoint; APIs verify with `@guildhall/org-token`.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
