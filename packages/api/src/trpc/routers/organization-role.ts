import {
  addOrganizationRoleResourceScopes,
  addRolePermissions,
  createOrganizationRole,
  deleteOrganizationRole,
  getOrganizationRole,
  getRoleImpact,
  listOrganizationRoleResourceScopes,
  listOrganizationRoles,
  removeOrganizationRoleResourceScope,
  removeRolePermissions,
  replaceOrganizationRoleResourceScopes,
  replaceRolePermissions,
  updateOrganizationRole,
} from "@guildhall/core";
import {
  createOrganizationRoleInput,
  id,
  listOrganizationRoleResourceScopesInput,
  listOrganizationRolesInput,
  organizationRoleList,
  organizationRoleResourceScopeList,
  organizationRoleResourceScopesInput,
  organizationRoleWithPermissions,
  removeOrganizationRoleResourceScopeInput,
  roleImpact,
  rolePermissionsInput,
  roleScope,
  updateOrganizationRoleInput,
} from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

const byId = z.object({ id });

export const organizationRoleRouter = router({
  list: consoleProcedure()
    .input(listOrganizationRolesInput)
    .output(organizationRoleList)
    .query(({ ctx, input }) => listOrganizationRoles(ctx.service, input)),
  get: consoleProcedure()
    .input(byId)
    .output(organizationRoleWithPermissions)
    .query(({ ctx, input }) => getOrganizationRole(ctx.service, input)),
  create: consoleProcedure()
    .input(createOrganizationRoleInput)
    .output(organizationRoleWithPermissions)
    .mutation(({ ctx, input }) => createOrganizationRole(ctx.service, input)),
  update: consoleProcedure()
    .input(updateOrganizationRoleInput)
    .output(organizationRoleWithPermissions)
    .mutation(({ ctx, input }) => updateOrganizationRole(ctx.service, input)),
  delete: consoleProcedure()
    .input(byId)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteOrganizationRole(ctx.service, input)),
  impact: consoleProcedure()
    .input(byId)
    .output(roleImpact)
    .query(({ ctx, input }) => getRoleImpact(ctx.service, input)),
  permission: router({
    add: consoleProcedure()
      .input(rolePermissionsInput)
      .output(organizationRoleWithPermissions)
      .mutation(({ ctx, input }) => addRolePermissions(ctx.service, input)),
    replace: consoleProcedure()
      .input(rolePermissionsInput)
      .output(organizationRoleWithPermissions)
      .mutation(({ ctx, input }) => replaceRolePermissions(ctx.service, input)),
    remove: consoleProcedure()
      .input(rolePermissionsInput)
      .output(organizationRoleWithPermissions)
      .mutation(({ ctx, input }) => removeRolePermissions(ctx.service, input)),
  }),
  /** API resource permissions: members get them in organization tokens for that API. */
  resourceScope: router({
    list: consoleProcedure()
      .input(listOrganizationRoleResourceScopesInput)
      .output(organizationRoleResourceScopeList)
      .query(({ ctx, input }) => listOrganizationRoleResourceScopes(ctx.service, input)),
    add: consoleProcedure()
      .input(organizationRoleResourceScopesInput)
      .output(z.array(roleScope))
      .mutation(({ ctx, input }) => addOrganizationRoleResourceScopes(ctx.service, input)),
    replace: consoleProcedure()
      .input(organizationRoleResourceScopesInput)
      .output(z.array(roleScope))
      .mutation(({ ctx, input }) => replaceOrganizationRoleResourceScopes(ctx.service, input)),
    remove: consoleProcedure()
      .input(removeOrganizationRoleResourceScopeInput)
      .output(z.void())
      .mutation(({ ctx, input }) => removeOrganizationRoleResourceScope(ctx.service, input)),
  }),
});
