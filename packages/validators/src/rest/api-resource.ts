import { z } from "zod";
import {
  apiResource,
  apiScope,
  createApiResourceInput,
  createApiScopeInput,
  updateApiResourceInput,
  updateApiScopeInput,
} from "../api-resource.ts";
import { id } from "../common.ts";
import { restTimestamp } from "./common.ts";

/** An API resource in Logto's shape (`isDefault` is not supported, so it is left out). */
export const restApiResource = apiResource
  .pick({ id: true, name: true, indicator: true, accessTokenTtl: true })
  .extend({
    indicator: z.string().meta({
      description:
        "Resource indicator (RFC 8707): the `aud` of access tokens for this API. Cannot change.",
    }),
    accessTokenTtl: z.number().int().meta({ description: "Access token lifetime, in seconds." }),
  })
  .meta({ id: "Resource" });
export type RestApiResource = z.output<typeof restApiResource>;

/** A permission of an API resource, Logto's "scope". */
export const restApiScope = apiScope
  .pick({ id: true, resourceId: true, name: true, description: true })
  .extend({ createdAt: restTimestamp })
  .meta({ id: "Scope" });
export type RestApiScope = z.output<typeof restApiScope>;

export const restCreateApiResourceBody = createApiResourceInput.pick({
  name: true,
  indicator: true,
  accessTokenTtl: true,
});
export const restUpdateApiResourceBody = updateApiResourceInput.pick({
  name: true,
  accessTokenTtl: true,
});

export const restCreateApiScopeBody = createApiScopeInput.pick({ name: true, description: true });
export const restUpdateApiScopeBody = updateApiScopeInput.pick({ name: true, description: true });

export const restApiScopeParams = z.object({ id, scopeId: id });
