import {
  getInstanceSettings,
  getOrganizationCreationSettings,
  updateInstanceSettings,
  updateOrganizationCreationSettings,
} from "@guildhall/core";
import {
  instanceSettings,
  organizationCreationSettings,
  updateInstanceSettingsInput,
  updateOrganizationCreationSettingsInput,
} from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

/**
 * instanceSettings.*: retention, and who may create organizations. Every console member
 * reads; admins change (core checks too).
 */
export const instanceSettingsRouter = router({
  get: consoleProcedure()
    .input(z.void())
    .output(instanceSettings)
    .query(({ ctx }) => getInstanceSettings(ctx.service)),
  update: consoleProcedure("admin")
    .input(updateInstanceSettingsInput)
    .output(instanceSettings)
    .mutation(({ ctx, input }) => updateInstanceSettings(ctx.service, input)),
  organizationCreation: router({
    get: consoleProcedure()
      .input(z.void())
      .output(organizationCreationSettings)
      .query(({ ctx }) => getOrganizationCreationSettings(ctx.service)),
    update: consoleProcedure("admin")
      .input(updateOrganizationCreationSettingsInput)
      .output(organizationCreationSettings)
      .mutation(({ ctx, input }) => updateOrganizationCreationSettings(ctx.service, input)),
  }),
});
