import { getSignInExperience, updateSignInExperience } from "@guildhall/core";
import { signInExperience, updateSignInExperienceInput } from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

/** Every console member reads the settings; only admins change them (core decides). */
export const signInExperienceRouter = router({
  get: consoleProcedure()
    .input(z.void())
    .output(signInExperience)
    .query(({ ctx }) => getSignInExperience(ctx.service.db)),
  update: consoleProcedure()
    .input(updateSignInExperienceInput)
    .output(signInExperience)
    .mutation(({ ctx, input }) => updateSignInExperience(ctx.service, input)),
});
