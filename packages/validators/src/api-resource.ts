import { z } from "zod";
import {
  description,
  id,
  paginationInput,
  paginated,
  permissionName,
  searchInput,
  text,
  url,
} from "./common.ts";

/**
 * An API resource's indicator (RFC 8707): an absolute URI without a fragment. It becomes
 * the `aud` of the access tokens issued for the resource.
 */
export const resourceIndicator = text()
  .trim()
  .min(1, "Identifier is required")
  .max(2048, "Identifier must be at most 2048 characters")
  .pipe(url("Enter an absolute URI, e.g. https://api.example.com"))
  .refine((u) => !u.includes("#"), "An identifier cannot contain a fragment (#)");

const accessTokenTtl = z
  .number()
  .int("Whole seconds only")
  .min(60, "At least 60 seconds")
  .max(60 * 60 * 24 * 30, "At most 30 days");
const resourceName = text()
  .trim()
  .min(1, "Name is required")
  .max(128, "Name must be at most 128 characters");

export const apiResource = z.object({
  id: z.string(),
  name: z.string(),
  indicator: z.string(),
  accessTokenTtl: z.number().int(),
  createdAt: z.date(),
  /** The Management API itself: listed, but neither deleted nor changed. */
  isManagementApi: z.boolean(),
});
export type ApiResource = z.infer<typeof apiResource>;

export const createApiResourceInput = z.object({
  name: resourceName,
  indicator: resourceIndicator,
  accessTokenTtl: accessTokenTtl.default(3600),
});
export type CreateApiResourceInput = z.input<typeof createApiResourceInput>;

// The indicator is immutable (as in Logto): tokens already issued carry it as their audience.
export const updateApiResourceInput = z.object({
  id,
  name: resourceName.optional(),
  accessTokenTtl: accessTokenTtl.optional(),
});
export type UpdateApiResourceInput = z.input<typeof updateApiResourceInput>;

export const listApiResourcesInput = paginationInput.extend({ q: searchInput });
export type ListApiResourcesInput = z.input<typeof listApiResourcesInput>;
export const apiResourceList = paginated(apiResource);

/** A permission of an API resource (Logto: a scope); it travels in the token's `scope`. */
export const apiScope = z.object({
  id: z.string(),
  resourceId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: z.date(),
});
export type ApiScope = z.infer<typeof apiScope>;

export const createApiScopeInput = z.object({
  resourceId: id,
  name: permissionName,
  description: description.nullish(),
});
export type CreateApiScopeInput = z.input<typeof createApiScopeInput>;

export const updateApiScopeInput = z.object({
  resourceId: id,
  id,
  name: permissionName.optional(),
  description: description.nullish(),
});
export type UpdateApiScopeInput = z.input<typeof updateApiScopeInput>;

export const listApiScopesInput = paginationInput.extend({ resourceId: id, q: searchInput });
export type ListApiScopesInput = z.input<typeof listApiScopesInput>;
export const apiScopeList = paginated(apiScope);
