import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from "@guildhall/core";
import {
  createOrganizationInput,
  id,
  listOrganizationsInput,
  organization,
  organizationList,
  organizationWithCounts,
  updateOrganizationInput,
} from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";
import { memberRouter } from "./member.ts";
import { organizationApplicationRouter } from "./organization-application.ts";
import { organizationJitRouter } from "./organization-jit.ts";

const byId = z.object({ id });

export const organizationRouter = router({
  list: consoleProcedure()
    .input(listOrganizationsInput)
    .output(organizationList)
    .query(({ ctx, input }) => listOrganizations(ctx.service, input)),
  get: consoleProcedure()
    .input(byId)
    .output(organizationWithCounts)
    .query(({ ctx, input }) => getOrganization(ctx.service, input)),
  create: consoleProcedure()
    .input(createOrganizationInput)
    .output(organization)
    .mutation(({ ctx, input }) => createOrganization(ctx.service, input)),
  update: consoleProcedure()
    .input(updateOrganizationInput)
    .output(organization)
    .mutation(({ ctx, input }) => updateOrganization(ctx.service, input)),
  delete: consoleProcedure()
    .input(byId)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteOrganization(ctx.service, input)),
  member: memberRouter,
  application: organizationApplicationRouter,
  jit: organizationJitRouter,
});
