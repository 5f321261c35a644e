import {
  createApiResource,
  createApiScope,
  deleteApiResource,
  deleteApiScope,
  getApiResource,
  listApiResources,
  listApiScopes,
  updateApiResource,
  updateApiScope,
} from "@guildhall/core";
import {
  apiResource,
  apiResourceList,
  apiScope,
  apiScopeList,
  createApiResourceInput,
  createApiScopeInput,
  id,
  listApiResourcesInput,
  listApiScopesInput,
  updateApiResourceInput,
  updateApiScopeInput,
} from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

const byId = z.object({ id });

export const apiResourceRouter = router({
  list: consoleProcedure()
    .input(listApiResourcesInput)
    .output(apiResourceList)
    .query(({ ctx, input }) => listApiResources(ctx.service, input)),
  get: consoleProcedure()
    .input(byId)
    .output(apiResource)
    .query(({ ctx, input }) => getApiResource(ctx.service, input)),
  create: consoleProcedure()
    .input(createApiResourceInput)
    .output(apiResource)
    .mutation(({ ctx, input }) => createApiResource(ctx.service, input)),
  update: consoleProcedure()
    .input(updateApiResourceInput)
    .output(apiResource)
    .mutation(({ ctx, input }) => updateApiResource(ctx.service, input)),
  delete: consoleProcedure()
    .input(byId)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteApiResource(ctx.service, input)),
  scope: router({
    list: consoleProcedure()
      .input(listApiScopesInput)
      .output(apiScopeList)
      .query(({ ctx, input }) => listApiScopes(ctx.service, input)),
    create: consoleProcedure()
      .input(createApiScopeInput)
      .output(apiScope)
      .mutation(({ ctx, input }) => createApiScope(ctx.service, input)),
    update: consoleProcedure()
      .input(updateApiScopeInput)
      .output(apiScope)
      .mutation(({ ctx, input }) => updateApiScope(ctx.service, input)),
    delete: consoleProcedure()
      .input(z.object({ resourceId: id, id }))
      .output(z.void())
      .mutation(({ ctx, input }) => deleteApiScope(ctx.service, input)),
  }),
});
