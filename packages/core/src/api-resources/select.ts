import type { Prisma } from "@guildhall/db";
import type { ApiResource } from "@guildhall/validators";
import { MANAGEMENT_API_ROLE, MANAGEMENT_API_SCOPE } from "../applications/management-api-names.ts";
import { DomainError } from "../errors.ts";

/**
 * The Management API is recognised by what makes it the Management API: its scope `all`
 * is held by the `Management API access` role that `ensureManagementApi` links at startup.
 * Its name can be edited and another API may also end in `/api` or have an `all` scope,
 * so neither alone would do; and the link survives a change of BASE_URL.
 */
export const managementApiScopeWhere = {
  name: MANAGEMENT_API_SCOPE,
  roles: { some: { role: { name: MANAGEMENT_API_ROLE } } },
} satisfies Prisma.ApiScopeWhereInput;

export const apiResourceSelect = {
  id: true,
  name: true,
  indicator: true,
  accessTokenTtl: true,
  createdAt: true,
  scopes: { where: managementApiScopeWhere, select: { id: true }, take: 1 },
} satisfies Prisma.ApiResourceSelect;

type ApiResourceRow = Prisma.ApiResourceGetPayload<{ select: typeof apiResourceSelect }>;

export function toApiResource({ scopes, ...row }: ApiResourceRow): ApiResource {
  return { ...row, isManagementApi: scopes.length > 0 };
}

export const apiScopeSelect = {
  id: true,
  resourceId: true,
  name: true,
  description: true,
  createdAt: true,
} satisfies Prisma.ApiScopeSelect;

export function apiResourceNotFound(id: string) {
  return new DomainError("api_resource.not_found", `No API resource has id "${id}".`, { id });
}

export function apiScopeNotFound(resourceId: string, id: string) {
  return new DomainError(
    "api_scope.not_found",
    `API resource "${resourceId}" has no permission "${id}".`,
    { resourceId, id },
  );
}

export function apiScopeNameTaken(name: string | undefined) {
  return new DomainError(
    "api_scope.name_taken",
    `This API resource already has a permission named "${name ?? ""}". Choose another name.`,
    {
      name,
    },
  );
}
