import {
  assignRoleApplications,
  assignRoleScopes,
  assignRoleUsers,
  assignRolesToUsers,
  assignUserRoles,
  createRole,
  deleteRole,
  getRole,
  listRoleApplications,
  listRoleScopes,
  listRoles,
  listRoleUsers,
  listUserRoles,
  removeRoleApplication,
  removeRoleScope,
  removeRoleUser,
  updateRole,
} from "@guildhall/core";
import {
  applicationList,
  assignRoleApplicationsInput,
  assignRoleScopesInput,
  assignRoleUsersInput,
  assignRolesToUsersInput,
  assignUserRolesInput,
  createRoleInput,
  id,
  listRoleHoldersInput,
  listRoleScopesInput,
  listRolesInput,
  listUserRolesInput,
  removeRoleApplicationInput,
  removeRoleScopeInput,
  removeRoleUserInput,
  role,
  roleList,
  roleScope,
  roleScopeList,
  updateRoleInput,
  userList,
} from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

/** Global roles (tenant-wide RBAC for APIs): `role.scope`, `role.user`, `role.application`, and a user's side `role.ofUser`. */
export const roleRouter = router({
  list: consoleProcedure()
    .input(listRolesInput)
    .output(roleList)
    .query(({ ctx, input }) => listRoles(ctx.service, input)),
  get: consoleProcedure()
    .input(z.object({ id }))
    .output(role)
    .query(({ ctx, input }) => getRole(ctx.service, input)),
  create: consoleProcedure()
    .input(createRoleInput)
    .output(role)
    .mutation(({ ctx, input }) => createRole(ctx.service, input)),
  update: consoleProcedure()
    .input(updateRoleInput)
    .output(role)
    .mutation(({ ctx, input }) => updateRole(ctx.service, input)),
  delete: consoleProcedure()
    .input(z.object({ id }))
    .output(z.void())
    .mutation(({ ctx, input }) => deleteRole(ctx.service, input)),
  scope: router({
    list: consoleProcedure()
      .input(listRoleScopesInput)
      .output(roleScopeList)
      .query(({ ctx, input }) => listRoleScopes(ctx.service, input)),
    assign: consoleProcedure()
      .input(assignRoleScopesInput)
      .output(z.array(roleScope))
      .mutation(({ ctx, input }) => assignRoleScopes(ctx.service, input)),
    remove: consoleProcedure()
      .input(removeRoleScopeInput)
      .output(z.void())
      .mutation(({ ctx, input }) => removeRoleScope(ctx.service, input)),
  }),
  user: router({
    list: consoleProcedure()
      .input(listRoleHoldersInput)
      .output(userList)
      .query(({ ctx, input }) => listRoleUsers(ctx.service, input)),
    assign: consoleProcedure()
      .input(assignRoleUsersInput)
      .output(z.void())
      .mutation(({ ctx, input }) => assignRoleUsers(ctx.service, input)),
    /** The users list's bulk action: several roles to several users, all or nothing. */
    assignMany: consoleProcedure()
      .input(assignRolesToUsersInput)
      .output(z.object({ assigned: z.number().int() }))
      .mutation(({ ctx, input }) => assignRolesToUsers(ctx.service, input)),
    remove: consoleProcedure()
      .input(removeRoleUserInput)
      .output(z.void())
      .mutation(({ ctx, input }) => removeRoleUser(ctx.service, input)),
  }),
  application: router({
    list: consoleProcedure()
      .input(listRoleHoldersInput)
      .output(applicationList)
      .query(({ ctx, input }) => listRoleApplications(ctx.service, input)),
    // Open to collaborators; the service keeps the Management API role to admins.
    assign: consoleProcedure()
      .input(assignRoleApplicationsInput)
      .output(z.void())
      .mutation(({ ctx, input }) => assignRoleApplications(ctx.service, input)),
    remove: consoleProcedure()
      .input(removeRoleApplicationInput)
      .output(z.void())
      .mutation(({ ctx, input }) => removeRoleApplication(ctx.service, input)),
  }),
  ofUser: router({
    list: consoleProcedure()
      .input(listUserRolesInput)
      .output(roleList)
      .query(({ ctx, input }) => listUserRoles(ctx.service, input)),
    assign: consoleProcedure()
      .input(assignUserRolesInput)
      .output(z.void())
      .mutation(({ ctx, input }) => assignUserRoles(ctx.service, input)),
  }),
});
