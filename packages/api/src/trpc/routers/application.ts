import {
  createApplication,
  createApplicationSecret,
  deleteApplication,
  deleteApplicationSecret,
  getApplication,
  getManagementApiAccess,
  listApplications,
  setManagementApiAccess,
  updateApplication,
} from "@guildhall/core";
import {
  application,
  applicationList,
  applicationWithSecrets,
  createApplicationInput,
  createApplicationSecretInput,
  createdApplicationSecret,
  id,
  listApplicationsInput,
  updateApplicationInput,
} from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

const byId = z.object({ id });

export const applicationRouter = router({
  list: consoleProcedure()
    .input(listApplicationsInput)
    .output(applicationList)
    .query(({ ctx, input }) => listApplications(ctx.service, input)),
  get: consoleProcedure()
    .input(byId)
    .output(applicationWithSecrets)
    .query(({ ctx, input }) => getApplication(ctx.service, input)),
  create: consoleProcedure()
    .input(createApplicationInput)
    .output(z.object({ application, secret: createdApplicationSecret.nullable() }))
    .mutation(({ ctx, input }) => createApplication(ctx.service, input)),
  update: consoleProcedure()
    .input(updateApplicationInput)
    .output(application)
    .mutation(({ ctx, input }) => updateApplication(ctx.service, input)),
  delete: consoleProcedure()
    .input(byId)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteApplication(ctx.service, input)),
  secret: router({
    create: consoleProcedure()
      .input(createApplicationSecretInput)
      .output(createdApplicationSecret)
      .mutation(({ ctx, input }) => createApplicationSecret(ctx.service, input)),
    delete: consoleProcedure()
      .input(z.object({ applicationId: id, secretId: id }))
      .output(z.void())
      .mutation(({ ctx, input }) => deleteApplicationSecret(ctx.service, input)),
  }),
  managementApiAccess: consoleProcedure()
    .input(z.object({ applicationId: id }))
    .output(z.boolean())
    .query(({ ctx, input }) => getManagementApiAccess(ctx.service, input)),
  setManagementApiAccess: consoleProcedure("admin")
    .input(z.object({ applicationId: id, enabled: z.boolean() }))
    .output(z.void())
    .mutation(({ ctx, input }) => setManagementApiAccess(ctx.service, input)),
});
