import { listSigningKeys, rotateSigningKey } from "@guildhall/core";
import { signingKey } from "@guildhall/validators";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { consoleProcedure, router } from "../trpc.ts";

/** signingKey.*: the keys that sign tokens (admins only). */
export const signingKeyRouter = router({
  list: consoleProcedure("admin")
    .input(z.void())
    .output(z.array(signingKey))
    .query(({ ctx }) => listSigningKeys(ctx.service)),
  /** A new key is published and signs at once; the old one stays published until its tokens expire. */
  rotate: consoleProcedure("admin")
    .input(z.void())
    .output(z.object({ kid: z.string() }))
    .mutation(({ ctx }) => {
      if (!ctx.instanceSecret) {
        throw new TRPCError({
          code: "PRECONDITION_FAILED",
          message: "The instance secret (GUILDHALL_SECRET) is not configured on this server.",
        });
      }
      return rotateSigningKey(ctx.service, { secret: ctx.instanceSecret });
    }),
});
