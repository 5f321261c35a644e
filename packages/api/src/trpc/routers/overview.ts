import { getOverview } from "@guildhall/core";
import { overview } from "@guildhall/validators";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

export const overviewRouter = router({
  get: consoleProcedure()
    .input(z.void())
    .output(overview)
    .query(({ ctx }) => getOverview(ctx.service)),
});
