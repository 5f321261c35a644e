import {
  createOrganizationPermission,
  deleteOrganizationPermission,
  getOrganizationPermission,
  getPermissionImpact,
  listOrganizationPermissions,
  updateOrganizationPermission,
} from "@guildhall/core";
import {
  createOrganizationPermissionInput,
  id,
  listOrganizationPermissionsInput,
  organizationPermission,
  organizationPermissionList,
  permissionImpact,
  updateOrganizationPermissionInput,
} from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

const byId = z.object({ id });

export const organizationPermissionRouter = router({
  list: consoleProcedure()
    .input(listOrganizationPermissionsInput)
    .output(organizationPermissionList)
    .query(({ ctx, input }) => listOrganizationPermissions(ctx.service, input)),
  get: consoleProcedure()
    .input(byId)
    .output(organizationPermission)
    .query(({ ctx, input }) => getOrganizationPermission(ctx.service, input)),
  create: consoleProcedure()
    .input(createOrganizationPermissionInput)
    .output(organizationPermission)
    .mutation(({ ctx, input }) => createOrganizationPermission(ctx.service, input)),
  update: consoleProcedure()
    .input(updateOrganizationPermissionInput)
    .output(organizationPermission)
    .mutation(({ ctx, input }) => updateOrganizationPermission(ctx.service, input)),
  delete: consoleProcedure()
    .input(byId)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteOrganizationPermission(ctx.service, input)),
  impact: consoleProcedure()
    .input(byId)
    .output(permissionImpact)
    .query(({ ctx, input }) => getPermissionImpact(ctx.service, input)),
});
