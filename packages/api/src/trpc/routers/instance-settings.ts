import { getInstanceSettings, updateInstanceSettings } from "@guildhall/core";
import { instanceSettings, updateInstanceSettingsInput } from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

/** instanceSettings.*: retention. Every console member reads; admins change (core checks too). */
export const instanceSettingsRouter = router({
  get: consoleProcedure()
    .input(z.void())
    .output(instanceSettings)
    .query(({ ctx }) => getInstanceSettings(ctx.service)),
  update: consoleProcedure("admin")
    .input(updateInstanceSettingsInput)
    .output(instanceSettings)
    .mutation(({ ctx, input }) => updateInstanceSettings(ctx.service, input)),
});
