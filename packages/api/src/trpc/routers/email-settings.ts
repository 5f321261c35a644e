import { getEmailSettings, sendTestEmail } from "@guildhall/core";
import {
  emailTransportInfo,
  sendTestEmailInput,
  sendTestEmailResult,
  type EmailTransportInfo,
} from "@guildhall/validators";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { consoleProcedure, router, type TrpcContext } from "../trpc.ts";

/** The transport the server was started with (the console passes it in the context). */
function transportOf(ctx: TrpcContext): EmailTransportInfo {
  if (!ctx.emailTransport)
    throw new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: "The email transport is not configured.",
    });
  return ctx.emailTransport;
}

/** emailSettings.*: the console's Email settings page (console admins; core checks too). */
export const emailSettingsRouter = router({
  get: consoleProcedure("admin")
    .input(z.void())
    .output(emailTransportInfo)
    .query(({ ctx }) => getEmailSettings(ctx.service, transportOf(ctx))),
  sendTest: consoleProcedure("admin")
    .input(sendTestEmailInput)
    .output(sendTestEmailResult)
    .mutation(({ ctx, input }) => {
      if (!ctx.baseUrl)
        throw new TRPCError({
          code: "INTERNAL_SERVER_ERROR",
          message: "BASE_URL is not configured.",
        });
      return sendTestEmail({ ...ctx.service, onEmailQueued: ctx.onEmailQueued }, input, {
        transport: transportOf(ctx),
        baseUrl: ctx.baseUrl,
      });
    }),
});
