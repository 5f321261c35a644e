import {
  addOrganizationApplications,
  assignOrganizationApplicationRoles,
  getOrganizationApplicationRoles,
  listOrganizationApplications,
  removeOrganizationApplication,
  removeOrganizationApplicationRole,
  replaceOrganizationApplicationRoles,
} from "@guildhall/core";
import {
  listOrganizationApplicationsInput,
  organizationApplicationList,
  organizationApplicationRef,
  organizationApplicationRoleRef,
  organizationApplicationRolesInput,
  organizationApplicationsInput,
  organizationRole,
} from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

/** organization.application.*: machine-to-machine applications as organization members. */
export const organizationApplicationRouter = router({
  list: consoleProcedure()
    .input(listOrganizationApplicationsInput)
    .output(organizationApplicationList)
    .query(({ ctx, input }) => listOrganizationApplications(ctx.service, input)),
  add: consoleProcedure()
    .input(organizationApplicationsInput)
    .output(z.void())
    .mutation(({ ctx, input }) => addOrganizationApplications(ctx.service, input)),
  remove: consoleProcedure()
    .input(organizationApplicationRef)
    .output(z.void())
    .mutation(({ ctx, input }) => removeOrganizationApplication(ctx.service, input)),
  role: router({
    list: consoleProcedure()
      .input(organizationApplicationRef)
      .output(z.array(organizationRole))
      .query(({ ctx, input }) => getOrganizationApplicationRoles(ctx.service, input)),
    assign: consoleProcedure()
      .input(organizationApplicationRolesInput)
      .output(z.void())
      .mutation(({ ctx, input }) => assignOrganizationApplicationRoles(ctx.service, input)),
    replace: consoleProcedure()
      .input(organizationApplicationRolesInput)
      .output(z.void())
      .mutation(({ ctx, input }) => replaceOrganizationApplicationRoles(ctx.service, input)),
    remove: consoleProcedure()
      .input(organizationApplicationRoleRef)
      .output(z.void())
      .mutation(({ ctx, input }) => removeOrganizationApplicationRole(ctx.service, input)),
  }),
});
